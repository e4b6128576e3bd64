namespace MakCrm.Domain.Leads;

/// <summary>
/// One change of one tracked field of a lead (or its initial value at creation, with <see cref="OldValue"/> null),
/// written by the lead itself as it changes and saved with it.
/// </summary>
public sealed class LeadHistoryEntry
{
    private LeadHistoryEntry()
    {
    }

    public LeadHistoryEntry(Guid leadId, DateTimeOffset at, LeadActor actor, string field, string? oldValue, string? newValue)
    {
        Id = Guid.CreateVersion7(at);
        LeadId = leadId;
        At = at;
        ActorUserId = actor.UserId;
        ActorClientId = actor.ClientId;
        Field = field;
        OldValue = oldValue;
        NewValue = newValue;
    }

    public Guid Id { get; private set; }

    public Guid LeadId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? ActorUserId { get; private set; }

    public string? ActorClientId { get; private set; }

    /// <summary>One of <see cref="LeadHistoryFields"/>.</summary>
    public string Field { get; private set; } = "";

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }
}

/// <summary>The fields whose changes a lead's history records, named as in the API.</summary>
public static class LeadHistoryFields
{
    public const string Status = "status";
    public const string ResponsibleUserId = "responsibleUserId";
    public const string RequestedAmount = "requestedAmount";
    public const string Comment = "comment";

    /// <summary>Written once, at creation, when duplicate control links the lead to its original; not a changeable field.</summary>
    public const string DuplicateOf = "duplicateOf";

    /// <summary>The owning organization, when a returned lead goes back to head office (old and new UUIDs).</summary>
    public const string OrganizationId = "organizationId";

    /// <summary>A franchisee asked to return the lead: the reason code.</summary>
    public const string ReturnRequested = "returnRequested";

    /// <summary>Head office accepted the return: the refunded amount.</summary>
    public const string ReturnAccepted = "returnAccepted";

    /// <summary>Head office rejected the return: its reason.</summary>
    public const string ReturnRejected = "returnRejected";

    public static IReadOnlyList<string> All { get; } = [Status, ResponsibleUserId, RequestedAmount, Comment];
}

/// <summary>Who changes a lead: a user, or an API client (a partner platform, the bot).</summary>
public sealed record LeadActor(Guid? UserId, string? ClientId);
