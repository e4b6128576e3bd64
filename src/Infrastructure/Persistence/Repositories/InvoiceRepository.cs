using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Invoices;
using MakCrm.Domain.Common;
using MakCrm.Domain.Invoices;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class InvoiceRepository(MakCrmDbContext db) : IInvoiceRepository
{
    /// <summary>The statuses with money still due before the due date: the ones the overdue claim takes.</summary>
    private static readonly string[] StillToPay =
    [
        SnakeCaseNames.Of(InvoiceStatus.Issued),
        SnakeCaseNames.Of(InvoiceStatus.PartlyPaid),
    ];

    public void Add(Invoice invoice) => db.Set<Invoice>().Add(invoice);

    public Task<Invoice?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Invoice>().InScope(scope).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    public Task<Guid?> OrganizationOfAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Invoice>()
            .AsNoTracking()
            .Where(i => i.Id == id)
            .Select(i => (Guid?)i.OrganizationId)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Invoice>> ClaimPastDueAsync(
        DateOnly today,
        int take,
        CancellationToken cancellationToken
    ) =>
        await db.Set<Invoice>()
            .FromSql(
                $"""
                SELECT * FROM invoices
                WHERE deleted_at IS NULL AND due_on < {today} AND status = ANY({StillToPay})
                ORDER BY due_on, id
                LIMIT {take}
                FOR UPDATE SKIP LOCKED
                """
            )
            .IgnoreQueryFilters()
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Contracts.Invoice>> ListAsync(
        InvoiceListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var filter = criteria.Filter;
        var invoices = db.Set<Invoice>().AsNoTracking().InScope(criteria.Scope).OfOrganization(filter.OrganizationId);
        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses.ToList();
            invoices = invoices.Where(i => statuses.Contains(i.Status));
        }

        if (filter.DueFrom is { } from)
        {
            invoices = invoices.Where(i => i.DueOn >= from);
        }

        if (filter.DueTo is { } to)
        {
            invoices = invoices.Where(i => i.DueOn <= to);
        }

        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        var page = sort.Field switch
        {
            InvoiceSortField.DueOn => invoices.Page(i => i.DueOn, sort.Descending, after, take),
            InvoiceSortField.Total => invoices.Page(i => i.Total, sort.Descending, after, take),
            _ => invoices.Page(i => i.CreatedAt, sort.Descending, after, take),
        };
        return (await page.ToListCompiledAsync(db, cancellationToken)).Select(Contracts.Invoice.From).ToList();
    }
}
