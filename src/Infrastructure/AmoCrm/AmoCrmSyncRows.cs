namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>A row of <c>amocrm_syncs</c>: the live sync of one account, its webhook's secret (as its SHA-256), its
/// state, its place in the event feed and when changes last went each way.</summary>
internal sealed class AmoCrmSyncRow
{
    public long AccountId { get; private set; }

    public Guid ConnectionId { get; private set; }

    public string WebhookSecretHash { get; private set; } = "";

    public string State { get; private set; } = "";

    /// <summary>The last event of the feed the outbox has read.</summary>
    public long FeedCursor { get; private set; }

    public Guid? StartedBy { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? LastInboundAt { get; private set; }

    public DateTimeOffset? LastOutboundAt { get; private set; }

    /// <summary>amoCRM's <c>updated_at</c> up to which the catch-up poll has read changed leads; the sync's start
    /// until its first poll.</summary>
    public DateTimeOffset? PolledThrough { get; private set; }

    /// <summary>When the next catch-up poll is due; while one runs, when its claim runs out.</summary>
    public DateTimeOffset? PollDueAt { get; private set; }

    /// <summary>Head office's choice of direction per field, as a JSON object of field to direction; a field it does
    /// not name (or null) takes its declared direction.</summary>
    public string? Directions { get; private set; }

    /// <summary>When the next daily comparison of amoCRM's leads with MaK's is due; while one runs, when its claim
    /// runs out; null until the first (due a day after the start).</summary>
    public DateTimeOffset? ReconcileDueAt { get; private set; }

    /// <summary>The last comparison's counts, as the contract's <c>AmoCrmReconciliation</c>.</summary>
    public string? LastReconciliation { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}

/// <summary>A row of <c>amocrm_inbox</c>: one webhook delivery as amoCRM sent it, until a worker has applied it.
/// </summary>
internal sealed class AmoCrmInboxRow
{
    public Guid Id { get; private set; }

    public long AccountId { get; private set; }

    public string Body { get; private set; } = "";

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    public string? LeaseOwner { get; private set; }

    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public int Attempts { get; private set; }

    public string? Failure { get; private set; }
}

/// <summary>A row of <c>amocrm_conflicts</c>: a field both sides changed, or a move MaK refused, and how it was
/// resolved.</summary>
internal sealed class AmoCrmConflictRow
{
    public Guid Id { get; private set; }

    public long AccountId { get; private set; }

    public string Entity { get; private set; } = "";

    public long AmoId { get; private set; }

    public Guid MakId { get; private set; }

    public string Field { get; private set; } = "";

    public string? MakValue { get; private set; }

    public string? AmoValue { get; private set; }

    public string Direction { get; private set; } = "";

    public string Winner { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }
}

/// <summary>A row of <c>amocrm_lead_creates</c>: a lead made in MaK that waits to be created in amoCRM with its
/// client as the contact, until the sync has created and linked it. Its outbox columns are named and kept as
/// <see cref="AmoCrmLinkRow"/>'s, so a refused creation is set aside, listed and retried as a refused write is.
/// </summary>
internal sealed class AmoCrmLeadCreateRow
{
    public long AccountId { get; private set; }

    public Guid LeadId { get; private set; }

    /// <summary>Since when the creation waits; null while it is set aside after amoCRM refused it.</summary>
    public DateTimeOffset? PushDueAt { get; private set; }

    /// <summary>What amoCRM answered when it refused the creation; null before any refusal.</summary>
    public string? PushFailure { get; private set; }

    /// <summary>Names the refused creation in the sync's failures (<c>listAmoCrmSyncFailures</c>): set when amoCRM
    /// first refuses it, kept while it is refused again.</summary>
    public Guid? PushFailureId { get; private set; }

    /// <summary>When amoCRM last refused the creation.</summary>
    public DateTimeOffset? PushFailedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
