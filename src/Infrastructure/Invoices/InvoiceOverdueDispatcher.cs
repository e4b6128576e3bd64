using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Documents.Generation;
using MakCrm.Application.Invoices;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace MakCrm.Infrastructure.Invoices;

/// <summary>
/// Claims one batch of invoices whose due date has passed (in head office's calendar) with money still due, marks
/// them overdue (with their <c>invoice.overdue</c> events) and tells the payer and head office, in one transaction.
/// The rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so dispatchers of several API instances over one database
/// never take the same invoice; the status, the events and the notifications commit together, so each invoice is
/// told about once, or (after a failure) is still due for the next round. A payment racing the claim waits for the
/// row and is run again on the version it changed.
/// </summary>
[Scoped]
public sealed class InvoiceOverdueDispatcher(
    MakCrmDbContext db,
    IInvoiceRepository invoices,
    InvoiceOverdueNotice notice,
    IEventWriter events,
    TimeProvider clock,
    IOptions<InvoiceOverdueOptions> options
)
{
    /// <returns>How many invoices were marked; fewer than the batch size means none are left due.</returns>
    public async Task<int> MarkBatchAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var today = DocumentDates.Today(clock);
        var due = await invoices.ClaimPastDueAsync(
            today,
            Math.Max(1, options.Value.OverdueBatchSize),
            cancellationToken
        );
        foreach (var invoice in due)
        {
            await notice.MarkAndNotifyAsync(invoice, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await events.WriteRaisedAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return due.Count;
    }
}
