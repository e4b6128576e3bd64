using MakCrm.Application.Automation;
using MakCrm.Domain.Automation;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IAutomationRuleRepository
{
    void Add(AutomationRule rule);

    /// <summary>A rule the reader sees: with <c>All</c> any; otherwise the network's and its organization's.</summary>
    Task<Contracts.AutomationRule?> GetAsync(Guid id, AutomationRuleReader reader, CancellationToken cancellationToken);

    /// <summary>A rule to change: with <c>All</c> any; otherwise only its organization's own (not the
    /// network's).</summary>
    Task<AutomationRule?> FindOwnedAsync(Guid id, AutomationRuleReader reader, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contracts.AutomationRule>> ListAsync(
        AutomationRuleListCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// The enabled rules of the triggers that may run for an organization's subjects: the network's and the
    /// organization's own, in the order they run (position, then creation).
    /// </summary>
    Task<IReadOnlyList<AutomationRule>> EnabledAsync(
        IReadOnlyCollection<AutomationTriggerType> triggers,
        CancellationToken cancellationToken
    );

    /// <summary>Whether the rule has run on the occurrence already.</summary>
    Task<bool> HasRunAsync(Guid ruleId, string occurrence, CancellationToken cancellationToken);

    /// <summary>The rule's next round-robin turn (0, 1, 2, …), counted on the rule's row in the caller's
    /// transaction: a run that rolls back gives its turn back, and the count costs one row whatever the rule's
    /// history.</summary>
    Task<long> NextTurnAsync(Guid ruleId, CancellationToken cancellationToken);

    /// <summary>Of the users, the one with the fewest open tasks (ties by id); <c>null</c> for none.</summary>
    Task<Guid?> LeastLoadedAsync(IReadOnlyList<Guid> userIds, CancellationToken cancellationToken);

    /// <summary>Whether a webhook subscription exists (of the organization, unless <paramref name="organizationId"/>
    /// is null) and is not deleted.</summary>
    Task<bool> WebhookExistsAsync(Guid webhookId, Guid? organizationId, CancellationToken cancellationToken);

    /// <summary>Records the run; its events are marked with the depth one deeper than its own.</summary>
    void AddRun(AutomationRun run);

    Task<IReadOnlyList<Contracts.AutomationRun>> ListRunsAsync(
        AutomationRunListCriteria criteria,
        CancellationToken cancellationToken
    );
}

/// <summary>Delivers an event to one webhook subscription through the webhook delivery (signed, retried).</summary>
public interface IAutomationWebhooks
{
    /// <summary>Queues the delivery in the caller's unit of work; a repeat for the same subscription and event does
    /// nothing. With no event (a dry run) it only checks that the subscription would take one.</summary>
    Task<Result<Unit>> QueueAsync(Guid webhookId, Guid? eventId, CancellationToken cancellationToken);
}

/// <summary>
/// The loop guard's memory: how deep in rules' own events an event is. The events an action raises are one level
/// deeper than the event its run is on.
/// </summary>
public interface IAutomationDepths
{
    /// <summary>The depths of those of the events that rules' actions raised; an event absent from the answer was
    /// raised by no rule (depth 0).</summary>
    Task<IReadOnlyDictionary<Guid, int>> DepthsOfAsync(
        IReadOnlyCollection<Guid> eventIds,
        CancellationToken cancellationToken
    );

    /// <summary>Starts noting the events this scope raises from here on.</summary>
    void Watch();

    /// <summary>Marks the events raised since <see cref="Watch"/> with the depth, in the caller's unit of
    /// work.</summary>
    Task MarkRaisedAsync(int depth, CancellationToken cancellationToken);
}

/// <summary>Runs a rule's dry run (<see cref="AutomationRunner.DryRunAsync"/>) in a scope of its own, as the rules'
/// worker runs a rule: acting for the subject's organization, in a transaction apart from the caller's.</summary>
public interface IAutomationDryRuns
{
    Task<AutomationDryRunDto> RunAsync(
        AutomationRule rule,
        AutomationOccurrence occurrence,
        CancellationToken cancellationToken
    );
}
