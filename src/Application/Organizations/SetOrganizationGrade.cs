using System.Text.RegularExpressions;
using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>Head office sets (or, with <c>null</c>, clears) a franchisee's grade; lots can be limited to grades.</summary>
public sealed record SetOrganizationGradeCommand(Guid Id, string? Grade) : ICommand<OrganizationDto>;

internal sealed partial class SetOrganizationGradeValidator : AbstractValidator<SetOrganizationGradeCommand>
{
    public SetOrganizationGradeValidator() =>
        RuleFor(c => c.Grade).Must(g => g is null || GradeCode().IsMatch(g.Trim()))
            .WithMessage($"Must be 1 to {Organization.MaxGradeLength} Latin letters, digits, _ or -, e.g. gold; or null to clear it.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex GradeCode();
}

internal sealed class SetOrganizationGradeHandler(IOrganizationRepository organizations, TimeProvider clock) : ICommandHandler<SetOrganizationGradeCommand, OrganizationDto>
{
    public async Task<Result<OrganizationDto>> Handle(SetOrganizationGradeCommand command, CancellationToken cancellationToken)
    {
        var organization = await organizations.FindAsync(command.Id, cancellationToken);
        if (organization is null)
        {
            return Error.NotFound("Organization", command.Id);
        }

        if (organization.Kind != OrganizationKind.Franchisee)
        {
            return new Error(ErrorCodes.OrganizationNotFranchisee, $"Organization {organization.Id} is not a franchisee; only franchisees have grades.", ErrorKind.Conflict);
        }

        organization.SetGrade(command.Grade, clock.UtcNowMicroseconds());
        return OrganizationDto.From(organization);
    }
}
