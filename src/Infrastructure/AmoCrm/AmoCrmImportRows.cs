namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>A row of <c>amocrm_imports</c>: one initial import of an account, claimed by one worker at a time under a
/// lease. Read and written by <see cref="AmoCrmImportRunner"/>'s and <see cref="AmoCrmImports"/>' SQL; the type gives
/// the migrations the table.</summary>
internal sealed class AmoCrmImportRow
{
    public Guid Id { get; private set; }

    public long AccountId { get; private set; }

    public Guid ConnectionId { get; private set; }

    public int MappingVersion { get; private set; }

    public string Status { get; private set; } = "";

    public Guid? CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? LeaseOwner { get; private set; }

    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public int Attempts { get; private set; }

    public int RateLimitHits { get; private set; }

    public string? FailureCode { get; private set; }

    public string? FailureDetail { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}

/// <summary>A row of <c>amocrm_import_checkpoints</c>: where an import is in one entity, and its counts.</summary>
internal sealed class AmoCrmImportCheckpointRow
{
    public Guid ImportId { get; private set; }

    public string Entity { get; private set; } = "";

    public bool Done { get; private set; }

    public long? LastId { get; private set; }

    public int Page { get; private set; }

    public int PageSize { get; private set; }

    public int Read { get; private set; }

    public int Created { get; private set; }

    public int Linked { get; private set; }

    public int Skipped { get; private set; }

    public int DeadLettered { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
}

/// <summary>A row of <c>amocrm_links</c>: an amoCRM record and the MaK record it was imported as.</summary>
internal sealed class AmoCrmLinkRow
{
    public long AccountId { get; private set; }

    public string Entity { get; private set; } = "";

    public long AmoId { get; private set; }

    public Guid MakId { get; private set; }

    public Guid? ImportId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The values both sides held at the last sync, in MaK's terms (<see cref="AmoCrmSyncedValues"/>): what
    /// each side's change is told from, so that a write of ours coming back changes nothing.</summary>
    public string? Synced { get; private set; }

    /// <summary>Since when MaK's changes to the record wait to be written to amoCRM; null when none waits.</summary>
    public DateTimeOffset? PushDueAt { get; private set; }

    /// <summary>What amoCRM answered when it refused the last write of MaK's changes (a validation error naming the
    /// field); null once a write went through.</summary>
    public string? PushFailure { get; private set; }

    /// <summary>Names the refused write in the sync's failures (<c>listAmoCrmSyncFailures</c>): set when amoCRM first
    /// refuses it, kept while it is refused again, null once a write went through.</summary>
    public Guid? PushFailureId { get; private set; }

    /// <summary>When amoCRM last refused the write; null once a write went through.</summary>
    public DateTimeOffset? PushFailedAt { get; private set; }
}

/// <summary>A row of <c>amocrm_dead_letters</c>: a record an import could not take, with amoCRM's answer.</summary>
internal sealed class AmoCrmDeadLetterRow
{
    public Guid Id { get; private set; }

    public Guid ImportId { get; private set; }

    public string Entity { get; private set; } = "";

    public long AmoId { get; private set; }

    public string? Field { get; private set; }

    public string Code { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public string Answer { get; private set; } = "";

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RetriedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }
}
