using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Auction;
using MakCrm.Application.Common;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class AuctionRepository(MakCrmDbContext db) : IAuctionRepository
{
    public void Add(Lot lot) => db.Set<Lot>().Add(lot);

    public Task<bool> HasOpenLotAsync(Guid leadId, CancellationToken cancellationToken) =>
        db.Set<Lot>().AnyAsync(l => l.LeadId == leadId && l.Status == LotStatus.Open, cancellationToken);

    public Task<LotDto?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        Project(db.Set<Lot>().Where(l => l.Id == id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<LotDto>> ListAsync(LotListCriteria criteria, CancellationToken cancellationToken)
    {
        var lots = db.Set<Lot>().AsQueryable();
        if (criteria.Status is { } status)
        {
            lots = lots.Where(l => l.Status == status);
        }

        if (criteria.LeadId is { } leadId)
        {
            lots = lots.Where(l => l.LeadId == leadId);
        }

        var descending = criteria.Sort.Descending;
        var page =
            criteria.Sort.Field == LotSorts.Field.EndsAt
                ? lots.Page(l => l.EndsAt, descending, criteria.After, criteria.Take)
                : lots.Page(l => l.CreatedAt, descending, criteria.After, criteria.Take);
        var rows = await Project(page).ToListCompiledAsync(db, cancellationToken);

        // The join may lose the page's order: put it back.
        Func<LotDto, DateTimeOffset> key =
            criteria.Sort.Field == LotSorts.Field.EndsAt ? l => l.EndsAt : l => l.CreatedAt;
        return descending
            ? rows.OrderByDescending(key).ThenByDescending(l => l.Id).ToList()
            : rows.OrderBy(key).ThenBy(l => l.Id).ToList();
    }

    public Task<LotLiveStateDto?> GetLiveStateAsync(
        Guid id,
        Guid organizationId,
        CancellationToken cancellationToken
    ) =>
        db.Set<Lot>()
            .AsNoTracking()
            .Where(l => l.Id == id)
            .Select(l => new LotLiveStateDto(
                l.Id,
                l.Status,
                l.StartsAt,
                l.EndsAt,
                l.StartPrice,
                l.MinStep,
                l.CurrentPrice,
                l.BidCount,
                l.LeaderOrganizationId,
                db.Set<Bid>().Any(b => b.LotId == l.Id && b.OrganizationId == organizationId),
                l.Version
            ))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<LotBidDto>> ListBidsAsync(
        Guid lotId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    ) =>
        await db.Set<Bid>()
            .AsNoTracking()
            .Where(b => b.LotId == lotId)
            .Page(b => b.PlacedAt, b => b.Id, descending: true, after, take)
            .Select(b => new LotBidDto(b.Id, b.OrganizationId, b.BidderNumber, b.Amount, b.PlacedAt))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Guid>> BidderOrganizationsAsync(Guid lotId, CancellationToken cancellationToken) =>
        await db.Set<Bid>()
            .Where(b => b.LotId == lotId)
            .Select(b => b.OrganizationId)
            .Distinct()
            .ToListAsync(cancellationToken);

    public async Task<Guid?> NextInRotationAsync(
        IReadOnlyList<string> cities,
        IReadOnlyList<string> grades,
        CancellationToken cancellationToken
    )
    {
        await AdvisoryLocks.LockAsync(db.Database, "auction:rotation", cancellationToken);
        var lowerCities = cities.Select(c => c.ToLowerInvariant()).ToArray();
        var lowerGrades = grades.Select(g => g.ToLowerInvariant()).ToArray();
        return await db.Set<Organization>()
            .AsNoTracking()
            .Where(o => o.Kind == OrganizationKind.Franchisee && o.Status == OrganizationStatus.Active)
            .Where(o => lowerCities.Length == 0 || (o.City != null && lowerCities.Contains(o.City.ToLower())))
            .Where(o => lowerGrades.Length == 0 || (o.Grade != null && lowerGrades.Contains(o.Grade)))
            .Select(o => new
            {
                o.Id,
                LastAssigned = db.Set<Lot>()
                    .IgnoreQueryFilters()
                    .Where(l => l.AssignedOrganizationId == o.Id && l.Redistribution == LotRedistribution.Rotated)
                    .Max(l => l.ClosedAt),
            })
            .OrderBy(o => o.LastAssigned.HasValue)
            .ThenBy(o => o.LastAssigned)
            .ThenBy(o => o.Id)
            .Select(o => (Guid?)o.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private IQueryable<LotDto> Project(IQueryable<Lot> lots) =>
        from l in lots.AsNoTracking().Where(l => l.DeletedAt == null)
        join lead in db.Set<Lead>().IgnoreQueryFilters() on l.LeadId equals lead.Id
        join client in db.Set<Client>().IgnoreQueryFilters() on lead.ClientId equals client.Id
        select new LotDto(
            l.Id,
            l.LeadId,
            l.Status,
            l.StartPrice,
            l.MinStep,
            l.ReservePrice,
            l.StartsAt,
            l.EndsAt,
            l.EligibleCities,
            l.EligibleGrades,
            l.CurrentPrice,
            l.LeaderOrganizationId,
            l.BidCount,
            l.Round,
            l.PreviousLotId,
            l.Outcome,
            l.Redistribution,
            l.AssignedOrganizationId,
            l.RelistedAsLotId,
            l.ClosedAt,
            new LotLeadData(
                client.FullName,
                client.Phone,
                client.Email,
                client.City,
                client.Source,
                lead.RequestedAmount,
                lead.Product
            ),
            l.CreatedAt,
            l.UpdatedAt,
            l.Version
        );
}
