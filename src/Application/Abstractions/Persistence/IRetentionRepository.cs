using MakCrm.Domain.Retention;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Head office's retention rules, legal holds and the record of destruction runs.</summary>
public interface IRetentionRepository
{
    /// <summary>Every rule, untracked, in the order of their kinds.</summary>
    Task<IReadOnlyList<RetentionRule>> ListRulesAsync(CancellationToken cancellationToken);

    /// <summary>The rule of a kind to change, tracked.</summary>
    Task<RetentionRule?> FindRuleAsync(RetentionDataKind kind, CancellationToken cancellationToken);

    /// <summary>The holds in force, newest first, after the keyset position.</summary>
    Task<IReadOnlyList<LegalHold>> ListHoldsAsync(
        Guid? clientId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>The hold in force with this id, tracked.</summary>
    Task<LegalHold?> FindHoldAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> IsHeldAsync(Guid clientId, CancellationToken cancellationToken);

    void Add(LegalHold hold);

    /// <summary>The runs, newest first, after the keyset position.</summary>
    Task<IReadOnlyList<DestructionRun>> ListRunsAsync(
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    Task<DestructionRun?> GetRunAsync(Guid id, CancellationToken cancellationToken);

    void Add(DestructionRun run);
}

/// <summary>A subject whose retention term has passed, and since when.</summary>
public sealed record DueSubject(
    DestructionSubjectType SubjectType,
    Guid SubjectId,
    RetentionDataKind Reason,
    DateTimeOffset DueSince
);

/// <summary>One line of the event log that records a destruction.</summary>
public sealed record DestructionLogLine(
    DateTimeOffset OccurredAt,
    string Action,
    string SubjectType,
    Guid SubjectId,
    string Reason,
    IReadOnlyList<string> Categories
);

/// <summary>
/// Destroys personal data in every copy the database holds: finds what the rules make due (held clients left out),
/// claims it for the caller's transaction, anonymises the rows the ledgers or the law keep and deletes the rest, and
/// records the destruction itself in the event log.
/// </summary>
public interface IPersonalDataDestruction
{
    /// <summary>The subjects due at <paramref name="now"/>, oldest due first. With <paramref name="claim"/>, in the
    /// caller's transaction, each is locked (<c>FOR UPDATE SKIP LOCKED</c>) so that no other instance takes it, and
    /// those another instance holds are skipped.</summary>
    Task<IReadOnlyList<DueSubject>> ListDueAsync(
        IReadOnlyList<RetentionRule> rules,
        DateTimeOffset now,
        int limit,
        bool claim,
        CancellationToken cancellationToken
    );

    /// <summary>Destroys one claimed subject in the caller's transaction; the stored files go once it
    /// commits.</summary>
    Task<DestroyedSubject> DestroyAsync(DueSubject subject, Guid runId, CancellationToken cancellationToken);

    /// <summary>The event log's lines that record the run's destructions.</summary>
    Task<IReadOnlyList<DestructionLogLine>> LogExtractAsync(Guid runId, CancellationToken cancellationToken);
}
