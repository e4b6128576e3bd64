using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;

namespace MakCrm.Application.AmoCrm;

/// <summary>amoCRM's values of one linked record in MaK's terms (a field amoCRM holds no value MaK takes for is left
/// out), the MaK record it is linked to, and when amoCRM last changed it (for the fields whose newest value wins).
/// </summary>
public sealed record AmoCrmRecordValues(
    long AmoId,
    Guid MakId,
    IReadOnlyDictionary<string, string?> Values,
    DateTimeOffset UpdatedAt
);

/// <summary>
/// Applies amoCRM's values of linked records of one entity to MaK in one unit of work: the links locked together (in
/// amoCRM id order), each record settled and applied by the entity's own rule (<see cref="ApplyOneAsync"/>), then one
/// save and one commit, so that a read page of amoCRM's changes costs one transaction, not one a record. A record MaK
/// refuses fails the whole call with nothing written; the caller applies the records one at a time then, so that one
/// refused record holds back no other. The scope acts for head office (the caller sets it).
/// </summary>
public abstract class AmoCrmRecordSync(IAmoCrmSyncLinks links, IUnitOfWork unitOfWork, AmoCrmEntity entity)
{
    /// <returns>How many of MaK's records changed; a failure when MaK refused a record's values.</returns>
    public async Task<Result<int>> ApplyAsync(
        long accountId,
        IReadOnlyList<AmoCrmRecordValues> records,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await unitOfWork.BeginAsync(cancellationToken);
        var locked = await links.LockAsync(accountId, entity, [.. records.Select(r => r.AmoId)], cancellationToken);
        var fields = AmoCrmSyncRules.FieldsWith(entity, locked.Chosen);
        var changed = 0;
        foreach (var record in records)
        {
            var applied = await ApplyOneAsync(
                new AmoCrmLockedRecord(accountId, record, fields, locked.Synced.GetValueOrDefault(record.AmoId)),
                cancellationToken
            );
            if (!applied.IsSuccess)
            {
                return applied.Error!;
            }

            changed += applied.Value ? 1 : 0;
        }

        var saved = await unitOfWork.SaveChangesAsync(cancellationToken);
        if (!saved.IsSuccess)
        {
            return saved.Error!;
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Settles and applies one record inside the unit of work, records its conflicts and stores its link's
    /// synced values (<see cref="SaveLinkAsync"/>); a record whose MaK record is gone is skipped.</summary>
    /// <returns>Whether MaK's record changed; a failure when MaK refused amoCRM's values.</returns>
    protected abstract Task<Result<bool>> ApplyOneAsync(AmoCrmLockedRecord record, CancellationToken cancellationToken);

    /// <summary>Records a conflict of the record's with <paramref name="reason"/>.</summary>
    protected Task RecordAsync(
        AmoCrmLockedRecord record,
        AmoCrmSettledConflict conflict,
        AmoCrmConflictReason reason,
        CancellationToken cancellationToken
    ) =>
        links.RecordAsync(
            conflict.Draft(record.AccountId, entity, record.Amo.AmoId, record.Amo.MakId, reason),
            cancellationToken
        );

    /// <summary>Stores the record's synced values; <paramref name="pushDue"/> marks MaK's values for the outbox.
    /// </summary>
    protected Task SaveLinkAsync(
        AmoCrmLockedRecord record,
        IReadOnlyDictionary<string, string?> synced,
        bool pushDue,
        CancellationToken cancellationToken
    ) => links.SaveAsync(record.AccountId, entity, record.Amo.AmoId, synced, pushDue, cancellationToken);
}

/// <summary>One record of <see cref="AmoCrmRecordSync.ApplyAsync"/> with its link locked: amoCRM's values, the
/// entity's fields with their directions, and the link's synced values (null when never synced).</summary>
public sealed record AmoCrmLockedRecord(
    long AccountId,
    AmoCrmRecordValues Amo,
    IReadOnlyList<(string Field, AmoCrmSyncDirection Direction)> Fields,
    IReadOnlyDictionary<string, string?>? Synced
);
