using MakCrm.Domain.Points;

namespace MakCrm.Application.Points;

/// <summary>Head office's point rules: the stored set, or the defaults until it is first saved.</summary>
public sealed record GetPointRulesQuery : IQuery<PointRuleSetDto>;

/// <summary>Replaces the whole rule set (one rule per source kind) under <c>If-Match</c> on the set's
/// version.</summary>
public sealed record ReplacePointRulesCommand(VersionCheck IfMatch, IReadOnlyList<PointRule> Rules)
    : ICommand<PointRuleSetDto>;

internal sealed class ReplacePointRulesValidator : AbstractValidator<ReplacePointRulesCommand>
{
    public ReplacePointRulesValidator()
    {
        RuleFor(c => c.Rules).NotNull();
        RuleForEach(c => c.Rules)
            .ChildRules(rule =>
            {
                rule.RuleFor(r => r.Kind).IsInEnum();
                rule.RuleFor(r => r.Points).InclusiveBetween(0, PointRuleSet.MaxPoints);
                rule.RuleFor(r => r.DailyCap).InclusiveBetween(0, PointRuleSet.MaxPoints);
            });
    }
}

internal sealed class GetPointRulesHandler(IPointRuleSets ruleSets, TimeProvider clock)
    : IQueryHandler<GetPointRulesQuery, PointRuleSetDto>
{
    public async Task<Result<PointRuleSetDto>> Handle(GetPointRulesQuery query, CancellationToken cancellationToken) =>
        PointRuleSetDto.From(
            await ruleSets.FindAsync(cancellationToken) ?? PointRuleSet.Default(clock.UtcNowMicroseconds())
        );
}

internal sealed class ReplacePointRulesHandler(IPointRuleSets ruleSets, TimeProvider clock)
    : ICommandHandler<ReplacePointRulesCommand, PointRuleSetDto>
{
    public async Task<Result<PointRuleSetDto>> Handle(
        ReplacePointRulesCommand command,
        CancellationToken cancellationToken
    )
    {
        var now = clock.UtcNowMicroseconds();
        var set = await ruleSets.FindAsync(cancellationToken);
        var stored = set is not null;
        set ??= PointRuleSet.Default(now);
        var precondition = command.IfMatch.Require(set.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var replaced = set.Replace(command.Rules, now);
        if (!replaced.IsSuccess)
        {
            return replaced.Error!;
        }

        if (!stored)
        {
            ruleSets.Add(set);
        }

        return PointRuleSetDto.From(set);
    }
}
