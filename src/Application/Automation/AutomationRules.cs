using System.Linq.Expressions;
using MakCrm.Application.Reports;
using MakCrm.Domain.Access;
using MakCrm.Domain.Automation;

namespace MakCrm.Application.Automation;

/// <summary>
/// Who reads and changes automation rules: with <c>automation_rules.read.all</c> (head office) every organization's;
/// otherwise the network's rules (read only) and the reader's organization's own.
/// </summary>
public sealed record AutomationRuleReader(bool All, Guid OrganizationId)
{
    public static AutomationRuleReader Of(ICurrentActor actor) =>
        new(actor.Has(Permissions.AutomationRulesReadAll), actor.OrganizationId);
}

public sealed record AutomationRuleFilter(bool? Enabled, AutomationTriggerType? Trigger, Guid? OrganizationId);

public enum AutomationRuleSortField
{
    Position,
    Name,
    CreatedAt,
}

public static class AutomationRuleSorts
{
    public static SortCatalog<AutomationRuleSortField, Contracts.AutomationRule> Catalog { get; } =
        new(
            "automation_rules",
            "position",
            ("position", AutomationRuleSortField.Position, typeof(int), d => d.Position),
            ("name", AutomationRuleSortField.Name, typeof(string), d => d.Name),
            ("createdAt", AutomationRuleSortField.CreatedAt, typeof(DateTimeOffset), d => d.CreatedAt)
        );
}

public sealed record AutomationRuleListCriteria(
    AutomationRuleReader Reader,
    AutomationRuleFilter Filter,
    SortOption<AutomationRuleSortField> Sort,
    KeysetPosition? After,
    int Take
);

public sealed record ListAutomationRulesQuery(
    bool? Enabled,
    AutomationTriggerType? Trigger,
    Guid? OrganizationId,
    string? Sort,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.AutomationRule>>;

public sealed record GetAutomationRuleQuery(Guid Id) : IQuery<Contracts.AutomationRule>;

public sealed record CreateAutomationRuleCommand(
    string Name,
    int Position,
    bool Enabled,
    Contracts.AutomationTrigger Trigger,
    Contracts.ReportFilter? Condition,
    IReadOnlyList<Contracts.AutomationAction> Actions
) : ICommand<Contracts.AutomationRule>;

/// <summary>A JSON merge patch of an automation rule.</summary>
public sealed record UpdateAutomationRuleCommand(
    Guid Id,
    VersionCheck IfMatch,
    Patch<string> Name,
    Patch<int> Position,
    Patch<bool> Enabled,
    Patch<Contracts.AutomationTrigger?> Trigger,
    Patch<Contracts.ReportFilter?> Condition,
    Patch<IReadOnlyList<Contracts.AutomationAction>> Actions
) : ICommand<Contracts.AutomationRule>;

public sealed record DeleteAutomationRuleCommand(Guid Id, VersionCheck IfMatch) : ICommand<Unit>;

internal sealed class ListAutomationRulesValidator : AbstractValidator<ListAutomationRulesQuery>
{
    public ListAutomationRulesValidator()
    {
        RuleFor(q => q.Sort).ValidSort(AutomationRuleSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class CreateAutomationRuleValidator : AbstractValidator<CreateAutomationRuleCommand>
{
    public CreateAutomationRuleValidator()
    {
        RuleFor(c => c.Name).RequiredText(AutomationRule.MaxNameLength);
        RuleFor(c => c.Position).InclusiveBetween(0, AutomationRule.MaxPosition);
        RuleFor(c => c.Actions)
            .NotEmpty()
            .Must(a => a.Count <= AutomationRule.MaxActions)
            .WithMessage($"Name 1 to {AutomationRule.MaxActions} actions.");
    }
}

internal sealed class UpdateAutomationRuleValidator : AbstractValidator<UpdateAutomationRuleCommand>
{
    public UpdateAutomationRuleValidator()
    {
        When(
            c => c.Name.IsPresent,
            () =>
                RuleFor(c => (string?)c.Name.Value)
                    .RequiredText(AutomationRule.MaxNameLength)
                    .OverridePropertyName("name")
        );
        When(
            c => c.Position.IsPresent,
            () =>
                RuleFor(c => c.Position.Value)
                    .InclusiveBetween(0, AutomationRule.MaxPosition)
                    .OverridePropertyName("position")
        );
        When(
            c => c.Trigger.IsPresent,
            () => RuleFor(c => c.Trigger.Value).NotNull().WithMessage("Cannot be null.").OverridePropertyName("trigger")
        );
        When(
            c => c.Actions.IsPresent,
            () =>
                RuleFor(c => c.Actions.Value)
                    .Must(a => a is { Count: > 0 and <= AutomationRule.MaxActions })
                    .WithMessage($"Name 1 to {AutomationRule.MaxActions} actions.")
                    .OverridePropertyName("actions")
        );
    }
}

internal sealed class ListAutomationRulesHandler(IAutomationRuleRepository repository, ICurrentActor actor)
    : IQueryHandler<ListAutomationRulesQuery, Page<Contracts.AutomationRule>>
{
    public async Task<Result<Page<Contracts.AutomationRule>>> Handle(
        ListAutomationRulesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(AutomationRuleSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new AutomationRuleListCriteria(
            AutomationRuleReader.Of(actor),
            new AutomationRuleFilter(query.Enabled, query.Trigger, query.OrganizationId),
            sort,
            after,
            limit + 1
        );
        var rows = await repository.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(AutomationRuleSorts.Catalog, sort, rows, limit, d => d.Id);
    }
}

internal sealed class GetAutomationRuleHandler(IAutomationRuleRepository repository, ICurrentActor actor)
    : IQueryHandler<GetAutomationRuleQuery, Contracts.AutomationRule>
{
    public async Task<Result<Contracts.AutomationRule>> Handle(
        GetAutomationRuleQuery query,
        CancellationToken cancellationToken
    ) =>
        await repository.GetAsync(query.Id, AutomationRuleReader.Of(actor), cancellationToken) is { } found
            ? found
            : Error.NotFound("Automation rule", query.Id);
}

internal sealed class CreateAutomationRuleHandler(
    IAutomationRuleRepository repository,
    AutomationRuleCheck check,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<CreateAutomationRuleCommand, Contracts.AutomationRule>
{
    public async Task<Result<Contracts.AutomationRule>> Handle(
        CreateAutomationRuleCommand command,
        CancellationToken cancellationToken
    )
    {
        var network = actor.Has(Permissions.AutomationRulesReadAll);
        var checkedRule = await check.CheckAsync(
            command.Trigger,
            command.Condition,
            command.Actions,
            network ? null : actor.OrganizationId,
            cancellationToken
        );
        if (!checkedRule.IsSuccess)
        {
            return checkedRule.Error!;
        }

        var (trigger, condition, actions) = checkedRule.Value;
        var settings = new AutomationRuleSettings(
            command.Name,
            command.Position,
            command.Enabled,
            trigger,
            condition,
            actions
        );
        var created = AutomationRule.Create(
            clock.NewId(),
            actor.OrganizationId,
            network,
            settings,
            clock.UtcNowMicroseconds()
        );
        repository.Add(created);
        return AutomationRuleAnswers.Of(created);
    }
}

internal sealed class UpdateAutomationRuleHandler(
    IAutomationRuleRepository repository,
    AutomationRuleCheck check,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<UpdateAutomationRuleCommand, Contracts.AutomationRule>
{
    public async Task<Result<Contracts.AutomationRule>> Handle(
        UpdateAutomationRuleCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await repository.FindOwnedAsync(command.Id, AutomationRuleReader.Of(actor), cancellationToken);
        if (found is null)
        {
            return Error.NotFound("Automation rule", command.Id);
        }

        var precondition = command.IfMatch.Require(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        var current = AutomationRuleAnswers.Of(found);
        var checkedRule = await check.CheckAsync(
            command.Trigger.Or(current.Trigger)!,
            command.Condition.Or(current.Condition),
            command.Actions.Or(current.Actions),
            found.Network ? null : found.OrganizationId,
            cancellationToken
        );
        if (!checkedRule.IsSuccess)
        {
            return checkedRule.Error!;
        }

        var (trigger, condition, actions) = checkedRule.Value;
        found.Update(
            new AutomationRuleSettings(
                command.Name.Or(current.Name),
                command.Position.Or(current.Position),
                command.Enabled.Or(current.Enabled),
                trigger,
                condition,
                actions
            ),
            clock.UtcNowMicroseconds()
        );
        return AutomationRuleAnswers.Of(found);
    }
}

internal sealed class DeleteAutomationRuleHandler(
    IAutomationRuleRepository repository,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<DeleteAutomationRuleCommand, Unit>
{
    public async Task<Result<Unit>> Handle(DeleteAutomationRuleCommand command, CancellationToken cancellationToken)
    {
        var found = await repository.FindOwnedAsync(command.Id, AutomationRuleReader.Of(actor), cancellationToken);
        if (found is null)
        {
            return Error.NotFound("Automation rule", command.Id);
        }

        var precondition = command.IfMatch.IfPresent(found.Version);
        if (!precondition.IsSuccess)
        {
            return precondition;
        }

        found.Delete(clock.UtcNowMicroseconds());
        return Unit.Value;
    }
}

/// <summary>An automation rule as the API answers it.</summary>
public static class AutomationRuleAnswers
{
    public static Contracts.AutomationRule Of(AutomationRule e) =>
        new(
            e.Id,
            e.OrganizationId,
            e.Network,
            e.Name,
            e.Position,
            e.Enabled,
            new Contracts.AutomationTrigger
            {
                Type = e.Trigger.Type,
                Status = e.Trigger.Status,
                StageId = e.Trigger.StageId,
                DocumentKind = e.Trigger.DocumentKind,
                Hours = e.Trigger.Hours,
            },
            e.Condition is { } json ? ReportFilter.FromJson(json)?.ToWire() : null,
            e.Actions.Select(a => new Contracts.AutomationAction
                {
                    Type = a.Type,
                    Title = a.Title,
                    DueInHours = a.DueInHours,
                    Assignee = a.Assignee,
                    UserId = a.UserId,
                    Status = a.Status,
                    Message = a.Message,
                    WebhookId = a.WebhookId,
                })
                .ToList(),
            e.CreatedAt,
            e.UpdatedAt,
            e.Version
        );
}

// The runs of the rules.

public sealed record AutomationRunListCriteria(
    AutomationRuleReader Reader,
    Guid? RuleId,
    AutomationRunOutcome? Outcome,
    Guid? SubjectId,
    KeysetPosition? After,
    int Take
);

public sealed record ListAutomationRunsQuery(
    Guid? RuleId,
    AutomationRunOutcome? Outcome,
    Guid? SubjectId,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.AutomationRun>>;

public static class AutomationRunSorts
{
    /// <summary>Newest first, the only order.</summary>
    public static SortCatalog<AutomationRunSortField, Contracts.AutomationRun> Catalog { get; } =
        new("automation_runs", "-ranAt", ("ranAt", AutomationRunSortField.RanAt, typeof(DateTimeOffset), r => r.RanAt));
}

public enum AutomationRunSortField
{
    RanAt,
}

internal sealed class ListAutomationRunsValidator : AbstractValidator<ListAutomationRunsQuery>
{
    public ListAutomationRunsValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListAutomationRunsHandler(IAutomationRuleRepository repository, ICurrentActor actor)
    : IQueryHandler<ListAutomationRunsQuery, Page<Contracts.AutomationRun>>
{
    public async Task<Result<Page<Contracts.AutomationRun>>> Handle(
        ListAutomationRunsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(AutomationRunSorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new AutomationRunListCriteria(
            AutomationRuleReader.Of(actor),
            query.RuleId,
            query.Outcome,
            query.SubjectId,
            after,
            limit + 1
        );
        var rows = await repository.ListRunsAsync(criteria, cancellationToken);
        return ListPaging.ToPage(AutomationRunSorts.Catalog, sort, rows, limit, r => r.Id);
    }
}

/// <summary>A run as the API answers it.</summary>
public static class AutomationRunAnswers
{
    public static Expression<Func<AutomationRun, Contracts.AutomationRun>> Projection { get; } =
        r => new Contracts.AutomationRun(
            r.Id,
            r.RuleId,
            r.EventId,
            r.EventType,
            r.SubjectType,
            r.SubjectId,
            r.OrganizationId,
            r.Depth,
            r.Outcome,
            r.Error,
            r.ActionsRun,
            r.RanAt
        );
}
