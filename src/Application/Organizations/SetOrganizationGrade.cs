using System.Text.RegularExpressions;
using MakCrm.Application.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>
/// Head office overrides (or, with <c>null</c>, clears) a partner's or franchisee's grade, with a reason: the grade is
/// in force from today until the next monthly recompute, and the grade history records it with who set it and why.
/// </summary>
public sealed record SetOrganizationGradeCommand(Guid Id, VersionCheck IfMatch, string? Grade, string? Reason = null)
    : ICommand<OrganizationDto>;

internal sealed partial class SetOrganizationGradeValidator : AbstractValidator<SetOrganizationGradeCommand>
{
    public SetOrganizationGradeValidator()
    {
        RuleFor(c => c.Grade)
            .Must(g => g is null || GradeCode().IsMatch(g.Trim()))
            .WithMessage(
                $"Must be 1 to {Organization.MaxGradeLength} Latin letters, digits, _ or -, e.g. gold; or null to "
                    + $"clear it."
            );
        RuleFor(c => c.Reason).OptionalText(Domain.Grades.GradeRecord.MaxReasonLength);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex GradeCode();
}

internal sealed class SetOrganizationGradeHandler(
    IOrganizationRepository organizations,
    IGrades grades,
    Abstractions.Security.ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<SetOrganizationGradeCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(
        SetOrganizationGradeCommand command,
        CancellationToken cancellationToken
    )
    {
        var organization = await organizations.FindAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(organization.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        if (organization.Kind is not (OrganizationKind.Partner or OrganizationKind.Franchisee))
        {
            return new Error(
                ErrorCodes.OrganizationNotGraded,
                $"Organization {organization.Id} is head office; only partners and franchisees have grades.",
                ErrorKind.Conflict
            );
        }

        var now = clock.UtcNowMicroseconds();
        var previous = organization.Grade;
        organization.SetGrade(command.Grade, now);
        grades.Add(
            Domain.Grades.GradeRecord.Override(
                clock.NewId(),
                organization.Id,
                GradeCalendar.Today(clock),
                organization.Grade,
                previous,
                command.Reason,
                actor.UserId,
                now
            )
        );
        return OrganizationDto.From(organization);
    }
}
