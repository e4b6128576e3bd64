using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// Transaction-scoped PostgreSQL advisory locks on the contacts (<c>pg_advisory_xact_lock(hashtextextended(key, 0))</c>),
/// released by the commit or rollback; a hash collision only makes two unrelated submissions wait for each other.
/// </summary>
internal sealed class DuplicateGuard(MakCrmDbContext db) : IDuplicateGuard
{
    public async Task LockAsync(DuplicateKeys keys, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Duplicate control must run inside the unit of work's transaction, or its locks would end at once.");
        }

        // One statement for every key: unnest returns the (sorted) keys in array order, so the locks are taken in that order.
        var lockKeys = keys.LockKeys.ToArray();
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest({lockKeys}::text[]) WITH ORDINALITY AS k(key, position) ORDER BY position",
            cancellationToken);
    }

    public async Task<DuplicateMatch?> FindOriginalAsync(DuplicateKeys keys, CancellationToken cancellationToken)
    {
        var (phone, emails) = (keys.Phone, keys.Emails.ToList());
        var saved = await (
                from lead in db.Leads
                join client in db.Clients on lead.ClientId equals client.Id
                where db.LeadStatuses.Any(s => s.Code == lead.Status && (s.Kind == LeadStatusKind.Open || s.Kind == LeadStatusKind.Auction))
                where client.Phone == phone || (client.Email != null && emails.Contains(client.Email))
                orderby lead.CreatedAt, lead.Id
                select new { Lead = lead, client.Phone, client.Email })
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);
        if (saved is not null)
        {
            return Match(saved.Lead, saved.Phone, saved.Email, keys);
        }

        // Leads added earlier in this unit of work (a batch import) are not in the database yet, and are the newest.
        var pending = db.ChangeTracker.Entries<Lead>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).ToList();
        if (pending.Count == 0)
        {
            return null;
        }

        var openStatuses = await db.LeadStatuses.AsNoTracking()
            .Where(s => s.Kind == LeadStatusKind.Open || s.Kind == LeadStatusKind.Auction).Select(s => s.Code).ToListAsync(cancellationToken);
        foreach (var lead in pending.Where(l => openStatuses.Contains(l.Status)))
        {
            var client = db.Clients.Local.FirstOrDefault(c => c.Id == lead.ClientId)
                ?? await db.Clients.AsNoTracking().FirstOrDefaultAsync(c => c.Id == lead.ClientId, cancellationToken);
            if (client is not null && Match(lead, client.Phone, client.Email, keys) is { MatchedBy.Count: > 0 } match)
            {
                return match;
            }
        }

        return null;
    }

    private static DuplicateMatch Match(Lead lead, string phone, string? email, DuplicateKeys keys)
    {
        var matchedBy = new List<DuplicateMatchField>(2);
        if (phone == keys.Phone)
        {
            matchedBy.Add(DuplicateMatchField.Phone);
        }

        if (email is not null && keys.Emails.Contains(email, StringComparer.Ordinal))
        {
            matchedBy.Add(DuplicateMatchField.Email);
        }

        return new DuplicateMatch(lead.Id, lead.OrganizationId, lead.ResponsibleUserId, matchedBy);
    }
}
