using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.LeadReturns;
using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Leads;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class LeadReturnRepository(MakCrmDbContext db) : ILeadReturnRepository
{
    public void Add(LeadReturn leadReturn) => db.Set<LeadReturn>().Add(leadReturn);

    public Task<Lead?> LockLeadAsync(Guid leadId, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Lead>()
            .FromSql($"SELECT * FROM leads WHERE id = {leadId} FOR UPDATE")
            .InScope(scope)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<LeadReturn?> LockAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<LeadReturn>()
            .FromSql($"SELECT * FROM lead_returns WHERE id = {id} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);

    public Task<LeadReturnStatus?> StatusForChargeAsync(Guid chargeEntryId, CancellationToken cancellationToken) =>
        db.Set<LeadReturn>()
            .Where(r => r.ChargeEntryId == chargeEntryId)
            .Select(r => (LeadReturnStatus?)r.Status)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<bool> OpenExistsAsync(Guid leadId, CancellationToken cancellationToken) =>
        db.Set<LeadReturn>()
            .AnyAsync(r => r.LeadId == leadId && r.Status == LeadReturnStatus.Requested, cancellationToken);

    public Task<LeadReturnDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<LeadReturn>()
            .AsNoTracking()
            .InScope(scope)
            .Where(r => r.Id == id)
            .Select(r => ToDto(r))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<LeadReturnDto>> ListAsync(
        LeadReturnListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = db.Set<LeadReturn>().AsNoTracking().InScope(criteria.Scope);
        if (criteria.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (criteria.LeadId is { } lead)
        {
            query = query.Where(r => r.LeadId == lead);
        }

        query = query.OfOrganization(criteria.OrganizationId);
        return await query
            .Page(r => r.CreatedAt, criteria.Sort.Descending, criteria.After, criteria.Take)
            .Select(r => ToDto(r))
            .ToListAsync(cancellationToken);
    }

    private static LeadReturnDto ToDto(LeadReturn r) => LeadReturnDto.From(r);
}
