using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.LeadStatuses;
using MakCrm.Domain.Leads;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class LeadStatusRepository(MakCrmDbContext db, LeadStatusCodes remembered) : ILeadStatusRepository
{
    public Task<List<LeadStatus>> LockAllAsync(CancellationToken cancellationToken) =>
        db.Set<LeadStatus>()
            .FromSql($"SELECT * FROM lead_statuses WHERE deleted_at IS NULL ORDER BY position FOR UPDATE")
            .OrderBy(s => s.Position)
            .ThenBy(s => s.Code)
            .ToListAsync(cancellationToken);

    public Task<LeadStatus?> FindAsync(string code, RowLock rowLock, CancellationToken cancellationToken)
    {
        var rows = rowLock switch
        {
            RowLock.None => db.Set<LeadStatus>(),
            RowLock.Share => db.Set<LeadStatus>().FromSql($"SELECT * FROM lead_statuses WHERE code = {code} FOR SHARE"),
            RowLock.Update => db.Set<LeadStatus>()
                .FromSql($"SELECT * FROM lead_statuses WHERE code = {code} FOR UPDATE"),
            _ => throw new ArgumentOutOfRangeException(nameof(rowLock)),
        };
        return rows.FirstOrDefaultAsync(s => s.Code == code, cancellationToken);
    }

    public Task<bool> CodeEverUsedAsync(string code, CancellationToken cancellationToken) =>
        db.Set<LeadStatus>().IgnoreQueryFilters().AnyAsync(s => s.Code == code, cancellationToken);

    public async Task<IReadOnlyList<string>> CodesAsync(CancellationToken cancellationToken) =>
        await db.Set<LeadStatus>().OrderBy(s => s.Position).Select(s => s.Code).ToListAsync(cancellationToken);

    public async Task<string?> FirstUnknownAsync(IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        if (remembered.Remembered is { } known && codes.All(known.Contains))
        {
            return null;
        }

        var generation = remembered.Generation;
        var current = await CodesAsync(cancellationToken);
        remembered.Remember(current.ToHashSet(StringComparer.Ordinal), generation);
        return codes.FirstOrDefault(code => !current.Contains(code, StringComparer.Ordinal));
    }

    public void Add(LeadStatus status) => db.Set<LeadStatus>().Add(status);

    public async Task<IReadOnlyList<LeadStatusDto>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<LeadStatus>()
            .AsNoTracking()
            .OrderBy(s => s.Position)
            .ThenBy(s => s.Code)
            .Select(s => new LeadStatusDto(
                s.Id,
                s.Code,
                s.Name,
                s.Color,
                s.Position,
                s.Kind,
                s.Transitions,
                s.Initial,
                s.AllowedRoles,
                s.Version
            ))
            .ToListAsync(cancellationToken);
}
