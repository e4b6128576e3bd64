using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Documents.Generation;
using MakCrm.Contracts.Events;

namespace MakCrm.Application.Invoices;

/// <summary>Head office changes an invoice that is still to be paid: today its due date (the printed invoice names
/// none, so its document stays as it is).</summary>
public sealed record UpdateInvoiceCommand(Guid Id, VersionCheck IfMatch, Patch<DateOnly> DueOn)
    : ICommand<Contracts.Invoice>;

/// <summary>Under the franchisee's ledger lock, as a payment and a cancel, so that the status a new due date gives
/// back is the one the invoice's payments left.</summary>
internal sealed class UpdateInvoiceHandler(
    IInvoiceRepository invoices,
    ILedger ledger,
    IEventOutbox events,
    TimeProvider clock
) : ICommandHandler<UpdateInvoiceCommand, Contracts.Invoice>
{
    public async Task<Result<Contracts.Invoice>> Handle(
        UpdateInvoiceCommand command,
        CancellationToken cancellationToken
    )
    {
        var found = await InvoiceCatalog.FindLockedAsync(
            invoices,
            ledger,
            command.Id,
            i => command.IfMatch.Require(i.Version),
            cancellationToken
        );
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var invoice = found.Value;

        var version = invoice.Version;
        if (command.DueOn.IsPresent)
        {
            var rescheduled = invoice.Reschedule(
                command.DueOn.Value,
                DocumentDates.Today(clock),
                clock.UtcNowMicroseconds()
            );
            if (!rescheduled.IsSuccess)
            {
                return rescheduled.Error!;
            }
        }

        return invoice.Version == version
            ? Contracts.Invoice.From(invoice)
            : InvoiceCatalog.Raise(events, EventPayloads.InvoiceUpdated, invoice);
    }
}
