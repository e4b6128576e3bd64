using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.EntityFrameworkCore.Storage;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The locking half of a running-balance ledger (ADR 0011), shared by the franchisee ledger and the commission ledger:
/// an organization's ledger lock is a transaction-scoped advisory lock on the key <c>prefix || id</c>
/// (<see cref="AdvisoryLocks"/>), and
/// while it is held this remembers the organization's position (its last entry's number and running sums) for the
/// current transaction only, so that each entry added is numbered from there. A new transaction starts afresh.
/// Several locks are taken in ascending order of their key, the one lock order of ADR 0011.
/// </summary>
internal sealed class LedgerLocks<TPosition>(MakCrmDbContext db, string prefix)
    where TPosition : class
{
    private readonly Dictionary<Guid, TPosition> _locked = [];
    private IDbContextTransaction? _transaction;

    public string KeyOf(Guid organizationId) => prefix + organizationId.ToString("D");

    /// <summary>Takes the organizations' locks (those not held yet), in ascending key order, and reads their
    /// positions.</summary>
    public async Task LockAsync(
        IReadOnlyCollection<Guid> organizationIds,
        Func<Guid, CancellationToken, Task<TPosition>> last,
        CancellationToken cancellationToken
    )
    {
        var locked = Locked();
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException(
                "A ledger lock must be taken inside the unit of work's transaction, or it would end at once."
            );
        }

        var keys = organizationIds.Distinct().Where(id => !locked.ContainsKey(id)).Select(KeyOf).ToArray();
        if (keys.Length == 0)
        {
            return;
        }

        // The order is the database's order of the hashed keys, so every writer agrees on it.
        var ordered =
            keys.Length == 1 ? keys : await AdvisoryLocks.InLockOrderAsync(db.Database, keys, cancellationToken);
        foreach (var key in ordered)
        {
            await AdvisoryLocks.LockAsync(db.Database, key, cancellationToken);
            var organizationId = Guid.Parse(key[prefix.Length..]);
            locked[organizationId] = await last(organizationId, cancellationToken);
        }
    }

    /// <summary>The organization's position in this transaction, when its lock is held.</summary>
    public bool TryGet(Guid organizationId, out TPosition position)
    {
        var found = Locked().TryGetValue(organizationId, out var held);
        position = held!;
        return found;
    }

    /// <summary>The position of a held lock, or throws: an entry written without the lock would corrupt the running
    /// sums.</summary>
    public TPosition Require(Guid organizationId) =>
        TryGet(organizationId, out var position)
            ? position
            : throw new InvalidOperationException(
                "Take the organization's ledger lock (LockAsync) before adding to its ledger: its running balance is "
                    + "only right under the lock."
            );

    public void Advance(Guid organizationId, TPosition position) => Locked()[organizationId] = position;

    private Dictionary<Guid, TPosition> Locked()
    {
        if (!ReferenceEquals(db.Database.CurrentTransaction, _transaction))
        {
            _locked.Clear();
            _transaction = db.Database.CurrentTransaction;
        }

        return _locked;
    }
}
