using System.Globalization;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Invoices;

namespace MakCrm.Application.Invoices;

public sealed record InvoiceFilter(
    IReadOnlyList<InvoiceStatus> Statuses,
    Guid? OrganizationId,
    DateOnly? DueFrom,
    DateOnly? DueTo
);

public enum InvoiceSortField
{
    CreatedAt,
    DueOn,
    Total,
}

public sealed record InvoiceListCriteria(
    DataScope Scope,
    InvoiceFilter Filter,
    SortOption<InvoiceSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class InvoiceCatalog
{
    public static SortCatalog<InvoiceSortField, Contracts.Invoice> Sorts { get; } =
        new(
            "invoices",
            "-createdAt",
            ("createdAt", InvoiceSortField.CreatedAt, typeof(DateTimeOffset), i => i.CreatedAt),
            ("dueOn", InvoiceSortField.DueOn, typeof(DateOnly), i => i.DueOn),
            ("total", InvoiceSortField.Total, typeof(decimal), i => i.Total)
        );

    /// <summary>Every franchisee's invoices with <c>invoices.read.all</c>, else the caller's organization's.</summary>
    public static DataScope ScopeOf(ICurrentActor actor) => DataScope.For(actor, Permissions.InvoicesReadAll);

    public static Error NotFound(Guid id) => Error.NotFound("Invoice", id);

    /// <summary>The invoice as the API answers it, raised as <paramref name="type"/> with the change that made
    /// it so.</summary>
    public static Contracts.Invoice Raise(IEventOutbox events, EventPayload<Contracts.Invoice> type, Invoice invoice)
    {
        var answer = Contracts.Invoice.From(invoice);
        events.Raise(type, invoice.OrganizationId, invoice.Id, answer);
        return answer;
    }

    /// <summary>
    /// The invoice to change, tracked, read under its franchisee's ledger lock (taken first, as every change of that
    /// ledger takes it), so that payments and a cancel of one invoice run one after the other.
    /// </summary>
    public static async Task<Result<Invoice>> FindLockedAsync(
        IInvoiceRepository invoices,
        ILedger ledger,
        Guid id,
        CancellationToken cancellationToken
    )
    {
        if (await invoices.OrganizationOfAsync(id, cancellationToken) is not { } organizationId)
        {
            return NotFound(id);
        }

        await ledger.LockAsync(organizationId, cancellationToken);
        return await invoices.FindAsync(id, DataScope.All, cancellationToken) is { } invoice ? invoice : NotFound(id);
    }

    /// <summary>The invoice to change, locked as above, once <paramref name="precondition"/> (the request's
    /// <c>If-Match</c>) holds for it.</summary>
    public static async Task<Result<Invoice>> FindLockedAsync(
        IInvoiceRepository invoices,
        ILedger ledger,
        Guid id,
        Func<Invoice, Result<Unit>> precondition,
        CancellationToken cancellationToken
    )
    {
        var found = await FindLockedAsync(invoices, ledger, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        var held = precondition(found.Value);
        return held.IsSuccess ? found : held.Error!;
    }
}

/// <summary>The money rules of invoice lines and catalogue prices: roubles to kopecks, as every amount of the
/// product.</summary>
public static class InvoiceMoney
{
    public const decimal MaxQuantity = 10_000m;

    public static readonly string PriceMessage = string.Create(
        CultureInfo.InvariantCulture,
        $"Must be more than 0 and at most {Invoice.MaxTotal:0} roubles, with at most two fractional digits."
    );

    public const string VatRateMessage = "Must be from 0 to 100 percent, with at most two fractional digits.";

    public static readonly string QuantityMessage = string.Create(
        CultureInfo.InvariantCulture,
        $"Must be more than 0 and at most {MaxQuantity:0}, with at most three fractional digits."
    );

    public static bool IsPrice(decimal price) =>
        price > 0 && price <= Invoice.MaxTotal && price == Money.ToKopecks(price);

    public static bool IsVatRate(decimal? rate) =>
        rate is not { } r || (r is >= 0 and <= 100 && decimal.Round(r, 2) == r);

    public static bool IsQuantity(decimal quantity) =>
        quantity > 0 && quantity <= MaxQuantity && decimal.Round(quantity, 3) == quantity;
}

public sealed record ListInvoicesQuery(
    IReadOnlyList<InvoiceStatus>? Statuses,
    Guid? OrganizationId,
    DateOnly? DueFrom,
    DateOnly? DueTo,
    string? Sort,
    string? Cursor,
    int? Limit
) : IQuery<Page<Contracts.Invoice>>;

public sealed record GetInvoiceQuery(Guid Id) : IQuery<Contracts.Invoice>;

internal sealed class ListInvoicesValidator : AbstractValidator<ListInvoicesQuery>
{
    public ListInvoicesValidator()
    {
        RuleFor(q => q.Sort).ValidSort(InvoiceCatalog.Sorts);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.DueTo)
            .GreaterThanOrEqualTo(q => q.DueFrom)
            .When(q => q.DueFrom is not null && q.DueTo is not null)
            .WithMessage("Must be on or after dueFrom.");
    }
}

internal sealed class ListInvoicesHandler(IInvoiceRepository invoices, ICurrentActor actor)
    : IQueryHandler<ListInvoicesQuery, Page<Contracts.Invoice>>
{
    public async Task<Result<Page<Contracts.Invoice>>> Handle(
        ListInvoicesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(InvoiceCatalog.Sorts, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new InvoiceListCriteria(
            InvoiceCatalog.ScopeOf(actor),
            new InvoiceFilter(query.Statuses ?? [], query.OrganizationId, query.DueFrom, query.DueTo),
            sort,
            after,
            limit + 1
        );
        var rows = await invoices.ListAsync(criteria, cancellationToken);
        return ListPaging.ToPage(InvoiceCatalog.Sorts, sort, rows, limit, i => i.Id);
    }
}

internal sealed class GetInvoiceHandler(IInvoiceRepository invoices, ICurrentActor actor)
    : IQueryHandler<GetInvoiceQuery, Contracts.Invoice>
{
    public async Task<Result<Contracts.Invoice>> Handle(GetInvoiceQuery query, CancellationToken cancellationToken) =>
        await invoices.FindAsync(query.Id, InvoiceCatalog.ScopeOf(actor), cancellationToken) is { } invoice
            ? Contracts.Invoice.From(invoice)
            : InvoiceCatalog.NotFound(query.Id);
}

/// <summary>Invoices as the API answers them.</summary>
public static class InvoiceAnswers
{
    extension(Contracts.Invoice)
    {
        public static Contracts.Invoice From(Invoice invoice) =>
            new(
                invoice.Id,
                invoice.OrganizationId,
                invoice.Number,
                invoice.IssuedOn,
                invoice.DueOn,
                invoice.Status,
                invoice.Total,
                invoice.VatAmount,
                invoice.PaidAmount,
                invoice.AmountDue,
                invoice.Lines,
                invoice.DocumentId,
                invoice.CancellationReason,
                invoice.CancelledAt,
                invoice.CreatedByUserId,
                invoice.CreatedAt,
                invoice.UpdatedAt,
                invoice.Version
            );
    }
}
