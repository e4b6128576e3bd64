using MakCrm.Domain.Automation;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Automation;

/// <summary>Tries rule <paramref name="Id"/> on the lead or deal <paramref name="SubjectId"/>, keeping
/// nothing.</summary>
public sealed record DryRunAutomationRuleQuery(Guid Id, Guid SubjectId) : IQuery<AutomationDryRunDto>;

internal sealed class DryRunAutomationRuleValidator : AbstractValidator<DryRunAutomationRuleQuery>
{
    public DryRunAutomationRuleValidator() => RuleFor(q => q.SubjectId).NotEmpty();
}

/// <summary>
/// Finds the rule as a change would (the caller's own, or any with head office's reach) and the subject in the
/// caller's read scope (404 for either, as for a record that does not exist); the subject is the trigger's kind (a
/// lead, or a deal for <c>deal_stage_entered</c>) and, for an organization's rule, of its organization (400).
/// </summary>
internal sealed class DryRunAutomationRuleHandler(
    IAutomationRuleRepository rules,
    SubjectRecords subjects,
    IAutomationDryRuns dryRuns,
    ICurrentActor actor
) : IQueryHandler<DryRunAutomationRuleQuery, AutomationDryRunDto>
{
    public async Task<Result<AutomationDryRunDto>> Handle(
        DryRunAutomationRuleQuery query,
        CancellationToken cancellationToken
    )
    {
        var rule = await rules.FindOwnedAsync(query.Id, AutomationRuleReader.Of(actor), cancellationToken);
        if (rule is null)
        {
            return Error.NotFound("Automation rule", query.Id);
        }

        var subjectType = AutomationSubjects.SubjectOf(rule.TriggerType);
        TaskSubjectType? kind = subjectType switch
        {
            AutomationSubjects.Lead => TaskSubjectType.Lead,
            AutomationSubjects.Deal => TaskSubjectType.Deal,
            _ => null,
        };
        if (kind is null)
        {
            return Error.Validation(
                "subjectId",
                $"A {SnakeCaseNames.Of(rule.TriggerType)} rule runs on a {subjectType}: only rules on leads and deals "
                    + "can be tried."
            );
        }

        if (await subjects.OrganizationOfAsync(kind.Value, query.SubjectId, cancellationToken) is not { } organization)
        {
            return Error.NotFound(kind == TaskSubjectType.Lead ? "Lead" : "Deal", query.SubjectId);
        }

        if (!rule.Network && rule.OrganizationId != organization)
        {
            return Error.Validation("subjectId", $"The rule runs on its organization's {subjectType}s only.");
        }

        var occurrence = new AutomationOccurrence(
            $"dry_run:{query.SubjectId:D}",
            null,
            "dry_run",
            rule.TriggerType,
            subjectType,
            query.SubjectId,
            organization,
            0,
            null,
            DryRun: true
        );
        return await dryRuns.RunAsync(rule, occurrence, cancellationToken);
    }
}
