using System.Globalization;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Notifications;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Invoices;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Invoices;

/// <summary>
/// Marks an invoice overdue, raises <c>invoice.overdue</c> and tells the payer's users and head office's, once: the
/// invoice's status leaves the ones the overdue claim takes, in the same transaction as the event and the
/// notifications (the caller writes the raised events before it commits).
/// </summary>
public sealed class InvoiceOverdueNotice(OrganizationNotice notice, IEventOutbox events, TimeProvider clock)
{
    public async Task MarkAndNotifyAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        invoice.MarkOverdue(clock.UtcNowMicroseconds());
        InvoiceCatalog.Raise(events, EventPayloads.InvoiceOverdue, invoice);
        var due = invoice.AmountDue.ToString("0.00", CultureInfo.InvariantCulture);
        var dueOn = invoice.DueOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var subject = (NotificationSubjectType.Invoice, invoice.Id);
        await notice.SendAsync(
            invoice.OrganizationId,
            NotificationKind.InvoiceOverdue,
            $"Счёт № {invoice.Number} просрочен",
            $"Срок оплаты счёта № {invoice.Number} истёк {dueOn}; "
                + $"к оплате осталось {due} ₽.",
            subject,
            mailedSeparately: false,
            cancellationToken
        );
        await notice.SendAsync(
            Organization.HeadOfficeId,
            NotificationKind.InvoiceOverdue,
            $"Счёт № {invoice.Number} не оплачен в срок",
            $"Франчайзи не оплатил счёт № {invoice.Number} до {dueOn}; "
                + $"к оплате осталось {due} ₽.",
            subject,
            mailedSeparately: false,
            cancellationToken
        );
    }
}
