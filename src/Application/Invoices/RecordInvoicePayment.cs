using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Ledger;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Invoices;
using MakCrm.Domain.Ledger;

namespace MakCrm.Application.Invoices;

/// <summary>Money head office received against an invoice: a deposit naming it, and the invoice's new paid amount and
/// status.</summary>
public sealed record RecordInvoicePaymentCommand(Guid Id, decimal Amount, string Comment) : ICommand<InvoicePaymentDto>;

/// <summary>The deposit and the invoice after it (schema <c>InvoicePayment</c>).</summary>
public sealed record InvoicePaymentDto(Contracts.Invoice Invoice, LedgerEntryDto LedgerEntry) : INamesUsers
{
    public IEnumerable<Guid?> UserIds() => LedgerEntry.UserIds();

    public object WithNames(UserNames names) =>
        this with
        {
            LedgerEntry = (LedgerEntryDto)LedgerEntry.WithNames(names),
        };

    public Contracts.InvoicePayment ToRecord() => new(Invoice, Contracts.LedgerEntry.From(LedgerEntry));
}

internal sealed class RecordInvoicePaymentValidator : AbstractValidator<RecordInvoicePaymentCommand>
{
    public RecordInvoicePaymentValidator()
    {
        RuleFor(c => c.Amount).Must(InvoiceMoney.IsPrice).WithMessage(InvoiceMoney.PriceMessage);
        RuleFor(c => (string?)c.Comment).RequiredText(LedgerEntry.MaxCommentLength).OverridePropertyName("comment");
    }
}

/// <summary>
/// Takes the franchisee's ledger lock, then reads the invoice (so that two payments of one invoice run one after the
/// other and the second sees the first), records the payment on it and adds the deposit: the unit of work writes both
/// or, on any failure, neither.
/// </summary>
internal sealed class RecordInvoicePaymentHandler(
    IInvoiceRepository invoices,
    ILedger ledger,
    IEventOutbox events,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<RecordInvoicePaymentCommand, InvoicePaymentDto>
{
    public async Task<Result<InvoicePaymentDto>> Handle(
        RecordInvoicePaymentCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await InvoiceCatalog.FindLockedAsync(invoices, ledger, command.Id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var invoice = found.Value;

        var now = clock.UtcNowMicroseconds();
        var paid = invoice.RecordPayment(command.Amount, now);
        if (!paid.IsSuccess)
        {
            return paid.Error!;
        }

        var entry = LedgerEntry.Deposit(
            clock.NewId(),
            invoice.OrganizationId,
            command.Amount,
            command.Comment,
            actor.UserId,
            now,
            invoice.Id
        );
        var answer = InvoiceCatalog.Raise(events, EventPayloads.InvoicePaymentRecorded, invoice);
        return new InvoicePaymentDto(answer, LedgerEntryDto.From(entry, ledger.Add(entry)));
    }
}

/// <summary>Head office withdraws an invoice nothing was paid against.</summary>
public sealed record CancelInvoiceCommand(Guid Id, VersionCheck IfMatch, string Reason) : ICommand<Contracts.Invoice>;

internal sealed class CancelInvoiceValidator : AbstractValidator<CancelInvoiceCommand>
{
    public CancelInvoiceValidator()
    {
        RuleFor(c => (string?)c.Reason).RequiredText(Invoice.MaxReasonLength).OverridePropertyName("reason");
    }
}

/// <summary>Under the franchisee's ledger lock, as a payment, so that a cancel and a payment of one invoice do not
/// both succeed.</summary>
internal sealed class CancelInvoiceHandler(
    IInvoiceRepository invoices,
    ILedger ledger,
    IEventOutbox events,
    TimeProvider clock
) : ICommandHandler<CancelInvoiceCommand, Contracts.Invoice>
{
    public async Task<Result<Contracts.Invoice>> Handle(
        CancelInvoiceCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await InvoiceCatalog.FindLockedAsync(
            invoices,
            ledger,
            command.Id,
            i => command.IfMatch.IfPresent(i.Version),
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var invoice = found.Value;

        var cancelled = invoice.Cancel(command.Reason, clock.UtcNowMicroseconds());
        return cancelled.IsSuccess
            ? InvoiceCatalog.Raise(events, EventPayloads.InvoiceCancelled, invoice)
            : cancelled.Error!;
    }
}
