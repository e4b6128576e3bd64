using MakCrm.Application.Invoices;
using MakCrm.Domain.Invoices;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Franchisees' invoices, read within the caller's data scope.</summary>
public interface IInvoiceRepository
{
    void Add(Invoice invoice);

    /// <summary>The invoice, tracked, if the scope includes its organization.</summary>
    Task<Invoice?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The franchisee an invoice is to, read without tracking, so that its ledger lock is taken before the
    /// invoice is read.</summary>
    Task<Guid?> OrganizationOfAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="take"/> invoices whose due date is before <paramref name="today"/> with
    /// money still due, tracked and locked for this transaction; rows another transaction holds are skipped.</summary>
    Task<IReadOnlyList<Invoice>> ClaimPastDueAsync(DateOnly today, int take, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contracts.Invoice>> ListAsync(InvoiceListCriteria criteria, CancellationToken cancellationToken);
}
