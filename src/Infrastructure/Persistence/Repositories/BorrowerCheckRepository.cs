using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.BorrowerChecks;
using MakCrm.Domain.BorrowerChecks;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class BorrowerCheckRepository(MakCrmDbContext db) : IBorrowerCheckRepository
{
    public async Task<IReadOnlyList<BorrowerCheck>> ListAsync(
        BorrowerCheckListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<BorrowerCheck>().AsNoTracking().Where(c => c.ClientId == criteria.ClientId);
        if (criteria.Kind is { } kind)
        {
            query = query.Where(c => c.Kind == kind);
        }

        return await query
            .Page(c => c.RequestedAt, criteria.Sort.Descending, criteria.After, criteria.Take)
            .ToListAsync(cancellationToken);
    }

    public Task<BorrowerCheck?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<BorrowerCheck>().AsNoTracking().InScope(scope).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<BorrowerCheck?> FindAnswerAsync(
        BorrowerCheckKind kind,
        string requestHash,
        DateTimeOffset since,
        CancellationToken cancellationToken
    ) =>
        db.Set<BorrowerCheck>()
            .AsNoTracking()
            .Where(c =>
                c.Kind == kind
                && c.RequestHash == requestHash
                && (c.Outcome == BorrowerCheckOutcome.Clear || c.Outcome == BorrowerCheckOutcome.Hit)
                && c.CompletedAt >= since
            )
            .OrderByDescending(c => c.CompletedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<
        IReadOnlyDictionary<BorrowerCheckKind, (BorrowerCheckOutcome Outcome, DateTimeOffset CompletedAt)>
    > LatestAsync(Guid clientId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<BorrowerCheck>()
            .AsNoTracking()
            .Where(c => c.ClientId == clientId && c.Outcome != null)
            .GroupBy(c => c.Kind)
            .Select(g =>
                g.OrderByDescending(c => c.CompletedAt)
                    .Select(c => new
                    {
                        c.Kind,
                        c.Outcome,
                        c.CompletedAt,
                    })
                    .First()
            )
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Kind, r => (r.Outcome!.Value, r.CompletedAt!.Value));
    }

    public void Add(BorrowerCheck check) => db.Set<BorrowerCheck>().Add(check);

    public Task<SanctionsList?> GetListAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<SanctionsList>().AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);

    public Task<bool> ListVersionExistsAsync(string version, CancellationToken cancellationToken) =>
        db.Set<SanctionsList>().AnyAsync(l => l.ListVersion == version, cancellationToken);

    public void AddList(SanctionsList list, IReadOnlyList<ListedPerson> entries)
    {
        db.Set<SanctionsList>().Add(list);
        db.Set<SanctionsEntry>().AddRange(entries.Select(e => SanctionsEntry.Of(list.Id, e.FullName, e.BirthDate)));
    }

    public Task<BorrowerCheckPolicy?> PolicyAsync(bool track, CancellationToken cancellationToken) =>
        (track ? db.Set<BorrowerCheckPolicy>() : db.Set<BorrowerCheckPolicy>().AsNoTracking()).FirstOrDefaultAsync(
            p => p.Id == BorrowerCheckPolicy.SingletonId,
            cancellationToken
        );

    public void AddPolicy(BorrowerCheckPolicy policy) => db.Set<BorrowerCheckPolicy>().Add(policy);
}
