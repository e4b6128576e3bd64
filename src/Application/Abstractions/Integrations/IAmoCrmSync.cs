namespace MakCrm.Application.Abstractions.Integrations;

/// <summary>
/// The live sync of head office's amoCRM account (ADR 0068): started by registering MaK's webhook in the account,
/// paused and resumed, read with its lags and conflicts; webhook deliveries stored in its inbox.
/// </summary>
public interface IAmoCrmSync
{
    /// <summary>Registers the webhook at <paramref name="publicBaseUrl"/> with a new secret and starts the sync, in
    /// the command's transaction with its audit line.</summary>
    Task<Result<Contracts.AmoCrmSync>> StartAsync(Uri publicBaseUrl, CancellationToken cancellationToken);

    Task<Result<Contracts.AmoCrmSync>> FindAsync(CancellationToken cancellationToken);

    /// <summary>Pauses or resumes the sync (an audit line when the state changes).</summary>
    Task<Result<Contracts.AmoCrmSync>> SetStateAsync(
        Contracts.AmoCrmSyncState state,
        CancellationToken cancellationToken
    );

    /// <summary>Moves the catch-up poll back to <paramref name="since"/> and makes it due, in the command's transaction
    /// with its audit line.</summary>
    Task<Result<Contracts.AmoCrmSync>> ReplayAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Stores head office's directions (<paramref name="chosen"/>: field to direction; a field left out takes
    /// its declared one), in the command's transaction with its audit line.</summary>
    Task<Result<Contracts.AmoCrmSync>> ReplaceDirectionsAsync(
        IReadOnlyDictionary<string, Contracts.AmoCrmSyncDirection> chosen,
        CancellationToken cancellationToken
    );

    /// <summary>The conflicts recorded, newest first, before <paramref name="before"/> (a conflict's id).</summary>
    Task<Result<Contracts.AmoCrmConflictPage>> ConflictsAsync(
        Guid? before,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>Stores a webhook delivery in the inbox when <paramref name="secret"/> is the sync's and the form's
    /// <c>account[id]</c> its account; otherwise a 404 and nothing stored.</summary>
    Task<Result<Unit>> ReceiveAsync(string secret, long? accountId, string body, CancellationToken cancellationToken);
}

/// <summary>The deliveries and writes the sync could not carry over, one by one.</summary>
public interface IAmoCrmSyncFailures
{
    /// <summary>The connected account's failures newest first, before <paramref name="before"/> (a failure's id), of
    /// one kind or both; none while no account is connected.</summary>
    Task<Result<Contracts.AmoCrmSyncFailurePage>> ListAsync(
        Contracts.AmoCrmSyncFailureKind? kind,
        Guid? before,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>Has a failed one tried again by the sync's workers, in the command's transaction with its audit line;
    /// answers it as it is then, or not found.</summary>
    Task<Result<Contracts.AmoCrmSyncFailure>> RetryAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>
/// A linked lead's or contact's last synced values, read and written inside the unit of work that applies amoCRM's
/// change, so that the link's row lock serialises the inbound and the outbound side of one record. A link is named by
/// its account, its entity (<c>leads</c>, <c>contacts</c>) and amoCRM's id.
/// </summary>
public interface IAmoCrmSyncLinks
{
    /// <summary>The synced values of the links (locked in amoCRM id order until the transaction ends, so that two units
    /// of work over overlapping records wait for each other rather than deadlock) and head office's choice of
    /// directions.</summary>
    Task<LockedAmoCrmLinks> LockAsync(
        long accountId,
        Contracts.AmoCrmEntity entity,
        IReadOnlyCollection<long> amoIds,
        CancellationToken cancellationToken
    );

    /// <summary>Stores the link's synced values; <paramref name="pushDue"/> marks MaK's values for the outbox.
    /// </summary>
    Task SaveAsync(
        long accountId,
        Contracts.AmoCrmEntity entity,
        long amoId,
        IReadOnlyDictionary<string, string?> synced,
        bool pushDue,
        CancellationToken cancellationToken
    );

    /// <summary>Records a conflict with the change.</summary>
    Task RecordAsync(AmoCrmConflictDraft conflict, CancellationToken cancellationToken);
}

/// <summary>A conflict as the sync resolved it.</summary>
public sealed record AmoCrmConflictDraft(
    long AccountId,
    Contracts.AmoCrmEntity Entity,
    long AmoId,
    Guid MakId,
    string Field,
    string? MakValue,
    string? AmoValue,
    Contracts.AmoCrmSyncDirection Direction,
    Contracts.AmoCrmSyncWinner Winner,
    Contracts.AmoCrmConflictReason Reason
);

/// <summary>Linked records' synced values by amoCRM id (a link never synced is absent) and head office's choice of
/// directions by field.</summary>
public sealed record LockedAmoCrmLinks(
    IReadOnlyDictionary<long, IReadOnlyDictionary<string, string?>> Synced,
    IReadOnlyDictionary<string, Contracts.AmoCrmSyncDirection> Chosen
);
