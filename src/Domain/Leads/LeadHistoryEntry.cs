namespace MakCrm.Domain.Leads;

/// <summary>
/// One change of one tracked field of a lead (or its initial value at creation, with <see cref="OldValue"/> null),
/// written by the lead itself as it changes and saved with it.
/// </summary>
public sealed class LeadHistoryEntry
{
    private LeadHistoryEntry() { }

    public LeadHistoryEntry(
        Guid leadId,
        DateTimeOffset at,
        LeadActor actor,
        string field,
        string? oldValue,
        string? newValue
    )
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

    /// <summary>Written once, at creation, when duplicate control links the lead to its original; not a changeable
    /// field.</summary>
    public const string DuplicateOf = "duplicateOf";

    /// <summary>The auction's events: the lot the lead is put up in (from the previous lot when relisted).</summary>
    public const string AuctionLot = "auctionLot";

    /// <summary>How a lot of the lead closed: <c>sold</c>, <c>no_bids</c> or <c>below_reserve</c>.</summary>
    public const string AuctionResult = "auctionResult";

    /// <summary>The highest bid of a closed lot (decimal text with two fractional digits).</summary>
    public const string AuctionPrice = "auctionPrice";

    /// <summary>What happened to an unsold lead: <c>relisted</c>, <c>rotated</c> or <c>head_office</c>.</summary>
    public const string Redistribution = "redistribution";

    /// <summary>The owning organization (old and new UUIDs), changed by the auction (won, assigned by rotation, back to
    /// head office), an accepted return or a hand-over.</summary>
    public const string OrganizationId = "organizationId";

    /// <summary>A franchisee asked to return the lead: the reason code.</summary>
    public const string ReturnRequested = "returnRequested";

    /// <summary>Head office accepted the return: the refunded amount.</summary>
    public const string ReturnAccepted = "returnAccepted";

    /// <summary>Head office rejected the return: its reason.</summary>
    public const string ReturnRejected = "returnRejected";

    /// <summary>Head office handed the lead to a partner or franchisee: the price charged (<c>0.00</c> when
    /// free).</summary>
    public const string HandedOver = "handedOver";

    public static IReadOnlyList<string> All { get; } = [Status, ResponsibleUserId, RequestedAmount, Comment];
}

/// <summary>Who changes a lead: a user, or an API client (a partner platform, the bot).</summary>
public sealed record LeadActor(Guid? UserId, string? ClientId);
