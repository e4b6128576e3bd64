using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Ledger;
using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class LedgerReader(MakCrmDbContext db) : ILedgerReader
{
    /// <summary>An entry as the API answers it (without its users' names).</summary>
    internal static readonly Expression<Func<LedgerEntry, LedgerEntryDto>> ToDto = e => new LedgerEntryDto(
        e.Id,
        e.OrganizationId,
        e.Kind,
        e.Amount,
        EF.Property<decimal>(e, LedgerPosition.BalanceAfter),
        EF.Property<decimal>(e, LedgerPosition.HeldAfter),
        e.LotId,
        e.BidId,
        e.LeadId,
        e.ReturnId,
        e.InvoiceId,
        e.Comment,
        e.CreatedByUserId,
        e.CreatedAt
    );

    public async Task<IReadOnlyList<LedgerEntryDto>> ListEntriesAsync(
        LedgerEntryListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var filter = criteria.Filter;
        var query = Entries(criteria.Scope).OfOrganization(filter.OrganizationId);

        if (filter.Kinds.Count > 0)
        {
            var kinds = filter.Kinds.Distinct().ToList();
            query = query.Where(e => kinds.Contains(e.Kind));
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.CreatedAt >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.CreatedAt < to);
        }

        if (filter.LotId is { } lot)
        {
            query = query.Where(e => e.LotId == lot);
        }

        if (filter.LeadId is { } lead)
        {
            query = query.Where(e => e.LeadId == lead);
        }

        return await query
            .Page(e => e.CreatedAt, e => e.Id, criteria.Sort.Descending, criteria.After, criteria.Take)
            .Select(ToDto)
            .ToListAsync(cancellationToken);
    }

    public Task<LedgerEntryDto?> GetEntryAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        Entries(scope).Where(e => e.Id == id).Select(ToDto).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<FranchiseeBalanceDto>> ListBalancesAsync(
        BalanceListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var franchisees = Franchisees(criteria.Scope);
        if (criteria.Grade is not null)
        {
            franchisees = franchisees.Where(o => o.Grade == criteria.Grade);
        }

        return await WithBalances(
                franchisees.Page(o => o.Name, criteria.Sort.Descending, criteria.After, criteria.Take)
            )
            .ToListAsync(cancellationToken);
    }

    public Task<FranchiseeBalanceDto?> GetBalanceAsync(
        Guid organizationId,
        DataScope scope,
        CancellationToken cancellationToken
    ) => WithBalances(Franchisees(scope).Where(o => o.Id == organizationId)).FirstOrDefaultAsync(cancellationToken);

    public Task<ReturnableCharge?> LatestChargeAsync(
        Guid leadId,
        Guid organizationId,
        CancellationToken cancellationToken
    ) =>
        db.Set<LedgerEntry>()
            .AsNoTracking()
            .Where(e => e.LeadId == leadId && e.OrganizationId == organizationId && e.Kind == LedgerEntryKind.Charge)
            .OrderByDescending(e => e.CreatedAt)
            .ThenByDescending(e => e.Id)
            .Select(e => new ReturnableCharge(e.Id, e.OrganizationId, leadId, -e.Amount, e.LotId, e.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);

    private IQueryable<LedgerEntry> Entries(DataScope scope) => db.Set<LedgerEntry>().AsNoTracking().InScope(scope);

    private IQueryable<Organization> Franchisees(DataScope scope)
    {
        var franchisees = db.Set<Organization>().AsNoTracking().Where(o => o.Kind == OrganizationKind.Franchisee);
        return scope.OrganizationId is { } organization ? franchisees.Where(o => o.Id == organization) : franchisees;
    }

    /// <summary>Each organization's balance as its last entry's running sums (<see cref="LedgerPosition"/>), in one
    /// query.</summary>
    private IQueryable<FranchiseeBalanceDto> WithBalances(IQueryable<Organization> organizations) =>
        organizations.Select(o => new FranchiseeBalanceDto(
            o.Id,
            o.Name,
            o.Grade,
            db.Set<LedgerEntry>()
                .Where(e => e.OrganizationId == o.Id)
                .OrderByDescending(e => EF.Property<long>(e, LedgerPosition.EntryNo))
                .Select(e => (decimal?)EF.Property<decimal>(e, LedgerPosition.BalanceAfter))
                .FirstOrDefault()
                ?? 0m,
            db.Set<LedgerEntry>()
                .Where(e => e.OrganizationId == o.Id)
                .OrderByDescending(e => EF.Property<long>(e, LedgerPosition.EntryNo))
                .Select(e => (decimal?)EF.Property<decimal>(e, LedgerPosition.HeldAfter))
                .FirstOrDefault()
                ?? 0m
        ));
}
