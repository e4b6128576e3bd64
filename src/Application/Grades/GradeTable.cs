using MakCrm.Domain.Grades;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Grades;

/// <summary>The grade table, of one organization kind or both: members read it (the cabinet shows the grades), head
/// office manages it.</summary>
public sealed record ListGradesQuery(OrganizationKind? Kind) : IQuery<IReadOnlyList<GradeDto>>;

internal sealed class ListGradesValidator : AbstractValidator<ListGradesQuery>
{
    public ListGradesValidator() =>
        RuleFor(q => q.Kind)
            .Must(k => k is null or OrganizationKind.Partner or OrganizationKind.Franchisee)
            .WithMessage("Must be partner or franchisee.");
}

internal sealed class ListGradesHandler(IGrades grades) : IQueryHandler<ListGradesQuery, IReadOnlyList<GradeDto>>
{
    public async Task<Result<IReadOnlyList<GradeDto>>> Handle(
        ListGradesQuery query,
        CancellationToken cancellationToken
    ) =>
        Result<IReadOnlyList<GradeDto>>.Success(
            (await grades.ListAsync(query.Kind, cancellationToken)).Select(GradeDto.From).ToList()
        );
}

/// <summary>Adds a grade; (kind, code) identifies it, so creating it again is a 409 (creation is naturally
/// idempotent).</summary>
public sealed record CreateGradeCommand(OrganizationKind Kind, string Code, GradeTerms Terms) : ICommand<GradeDto>;

/// <summary>Replaces a grade's name, rank and threshold; they apply from the next recompute on.</summary>
public sealed record UpdateGradeCommand(Guid Id, VersionCheck IfMatch, GradeTerms Terms) : ICommand<GradeDto>;

internal static class GradeTermRules
{
    public static void Terms<T>(this AbstractValidator<T> validator, Func<T, GradeTerms> terms)
    {
        validator.RuleFor(c => terms(c).Name).RequiredText(Grade.MaxNameLength).OverridePropertyName("name");
        validator
            .RuleFor(c => terms(c).Rank)
            .InclusiveBetween(0, 1000)
            .WithMessage("Must be 0 to 1000 (higher is better).")
            .OverridePropertyName("rank");
        validator.RuleFor(c => terms(c).Basis).Defined().OverridePropertyName("basis");
        validator
            .RuleFor(c => terms(c).Threshold)
            .Must(
                (c, t) =>
                    t >= 0
                    && t <= Grade.MaxThreshold
                    && decimal.Round(t, terms(c).Basis == GradeBasis.IssuedCount ? 0 : 2) == t
            )
            .WithMessage(
                "Must be 0 or more: roubles with at most 2 decimals for issued_volume, a whole number of loans for "
                    + "issued_count."
            )
            .OverridePropertyName("threshold");
        validator
            .RuleFor(c => terms(c).PeriodMonths)
            .InclusiveBetween(1, Grade.MaxPeriodMonths)
            .WithMessage($"Must be 1 to {Grade.MaxPeriodMonths} months.")
            .OverridePropertyName("periodMonths");
    }
}

internal sealed class CreateGradeValidator : AbstractValidator<CreateGradeCommand>
{
    public CreateGradeValidator()
    {
        RuleFor(c => c.Kind)
            .Must(k => k is OrganizationKind.Partner or OrganizationKind.Franchisee)
            .WithMessage("Must be partner or franchisee.")
            .OverridePropertyName("organizationKind");
        RuleFor(c => c.Code)
            .Must(c => Grade.IsCode(c.Trim().ToLowerInvariant()))
            .WithMessage("Must be 1 to 32 Latin letters, digits, _ or -, e.g. gold.");
        this.Terms(c => c.Terms);
    }
}

internal sealed class UpdateGradeValidator : AbstractValidator<UpdateGradeCommand>
{
    public UpdateGradeValidator() => this.Terms(c => c.Terms);
}

internal sealed class CreateGradeHandler(IGrades grades, TimeProvider clock)
    : ICommandHandler<CreateGradeCommand, GradeDto>
{
    public async Task<Result<GradeDto>> Handle(CreateGradeCommand command, CancellationToken cancellationToken)
    {
        var code = command.Code.Trim().ToLowerInvariant();
        var taken = await grades.TakenAsync(command.Kind, code, command.Terms.Rank, null, cancellationToken);
        if (taken.CodeTaken || taken.RankTaken)
        {
            return GradeConflict.Of(taken.CodeTaken, code, command.Terms.Rank);
        }

        var grade = Grade.Create(clock.NewId(), command.Kind, code, command.Terms, clock.UtcNowMicroseconds());
        grades.Add(grade);
        return GradeDto.From(grade);
    }
}

internal sealed class UpdateGradeHandler(IGrades grades, TimeProvider clock)
    : ICommandHandler<UpdateGradeCommand, GradeDto>
{
    public async Task<Result<GradeDto>> Handle(UpdateGradeCommand command, CancellationToken cancellationToken)
    {
        var grade = await grades.FindAsync(command.Id, cancellationToken);
        if (grade is null)
        {
            return Error.NotFound("Grade", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(grade.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var taken = await grades.TakenAsync(
            grade.OrganizationKind,
            grade.Code,
            command.Terms.Rank,
            grade.Id,
            cancellationToken
        );
        if (taken.RankTaken)
        {
            return GradeConflict.Of(false, grade.Code, command.Terms.Rank);
        }

        grade.Change(command.Terms, clock.UtcNowMicroseconds());
        return GradeDto.From(grade);
    }
}

internal static class GradeConflict
{
    public static Error Of(bool codeTaken, string code, int rank) =>
        new(
            ErrorCodes.GradeExists,
            codeTaken
                ? $"There is already a grade {code} for this kind of organization; change it with PUT."
                : $"Another grade of this kind of organization has the rank {rank}.",
            ErrorKind.Conflict
        );
}
