using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Invoices;

/// <summary>Where an invoice is. Money coming in moves it from issued to partly paid to paid; the due date passing
/// before it is paid in full makes it overdue (and it stays overdue until then); head office cancels one nothing was
/// paid against.</summary>
public enum InvoiceStatus
{
    Issued,
    PartlyPaid,
    Paid,
    Overdue,
    Cancelled,
}

/// <summary>
/// One line of an invoice, frozen when the invoice is issued: from the services catalogue (<paramref
/// name="CatalogueItemId"/>) or free text. <paramref name="Amount"/> is quantity × unit price to kopecks; the VAT is
/// included in it (<c>null</c> rate and amount when the seller pays no VAT).
/// </summary>
public sealed record InvoiceLine(
    int Position,
    Guid? CatalogueItemId,
    string Description,
    decimal Quantity,
    string Unit,
    decimal UnitPrice,
    decimal Amount,
    decimal? VatRatePercent,
    decimal? VatAmount
)
{
    public const int MaxDescriptionLength = 500;
    public const int MaxUnitLength = 20;
    public const string DefaultUnit = "усл.";

    /// <summary>A line of <paramref name="quantity"/> × <paramref name="unitPrice"/>, with the VAT included at
    /// <paramref name="vatRatePercent"/> (none when <c>null</c>), each rounded to kopecks half away from
    /// zero.</summary>
    public static InvoiceLine Of(
        int position,
        Guid? catalogueItemId,
        string description,
        decimal quantity,
        string unit,
        decimal unitPrice,
        decimal? vatRatePercent
    )
    {
        var amount = Money.ToKopecks(quantity * unitPrice);
        return new(
            position,
            catalogueItemId,
            TextNormalizer.Collapse(description),
            quantity,
            TextNormalizer.Collapse(unit),
            unitPrice,
            amount,
            vatRatePercent,
            vatRatePercent is { } rate ? Money.ToKopecks(amount * rate / (100 + rate)) : null
        );
    }
}

/// <summary>
/// A top-up invoice (счёт на оплату) from head office to a franchisee: numbered in head office's invoice
/// series, with its lines, its total and the VAT in it, its generated document and its due date. Deposits
/// recorded against it add up in <see cref="PaidAmount"/>, never past the total; it is cancelled only while
/// nothing is paid.
/// </summary>
public sealed class Invoice : AggregateRoot, IOrganizationOwned
{
    public const int MaxNumberLength = 32;
    public const int MaxReasonLength = 500;
    public const int MaxLines = 50;

    /// <summary>The largest invoice: its total is written in words, which is below a trillion, and no top-up comes
    /// near it.</summary>
    public const decimal MaxTotal = 100_000_000m;

    /// <summary>Days from the issue date to the due date when none is given.</summary>
    public const int DefaultPaymentTermDays = 5;

    private Invoice() { }

    private Invoice(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public string Number { get; private set; } = "";

    public DateOnly IssuedOn { get; private set; }

    public DateOnly DueOn { get; private set; }

    public InvoiceStatus Status { get; private set; }

    public decimal Total { get; private set; }

    public decimal? VatAmount { get; private set; }

    public decimal PaidAmount { get; private set; }

    /// <summary>What is still to pay; nothing once paid or cancelled.</summary>
    public decimal AmountDue => Status == InvoiceStatus.Cancelled ? 0 : Total - PaidAmount;

    public IReadOnlyList<InvoiceLine> Lines { get; private set; } = [];

    public Guid DocumentId { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    /// <summary>When the payer and head office were told it is overdue; set once.</summary>
    public DateTimeOffset? OverdueNotifiedAt { get; private set; }

    public Guid? CreatedByUserId { get; private set; }

    public static Invoice Issue(
        Guid id,
        Guid organizationId,
        string number,
        DateOnly issuedOn,
        DateOnly dueOn,
        IReadOnlyList<InvoiceLine> lines,
        Guid documentId,
        Guid? userId,
        DateTimeOffset now
    ) =>
        new(id, now)
        {
            OrganizationId = organizationId,
            Number = number,
            IssuedOn = issuedOn,
            DueOn = dueOn,
            Status = InvoiceStatus.Issued,
            Total = lines.Sum(l => l.Amount),
            VatAmount = lines.Any(l => l.VatAmount is not null) ? lines.Sum(l => l.VatAmount ?? 0) : null,
            Lines = [.. lines],
            DocumentId = documentId,
            CreatedByUserId = userId,
        };

    /// <summary>Money received against the invoice: at most what is due, while it is not paid or cancelled. An overdue
    /// invoice stays overdue until it is paid in full.</summary>
    public Result<Unit> RecordPayment(decimal amount, DateTimeOffset now)
    {
        var allowed = Check(
            new InvoiceMustBeIn(this, "paid", InvoiceStatus.Issued, InvoiceStatus.PartlyPaid, InvoiceStatus.Overdue),
            new PaymentMustNotExceedAmountDue(AmountDue, amount)
        );
        if (allowed.IsSuccess)
        {
            PaidAmount += amount;
            Status =
                PaidAmount == Total ? InvoiceStatus.Paid
                : Status == InvoiceStatus.Overdue ? InvoiceStatus.Overdue
                : InvoiceStatus.PartlyPaid;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Withdraws an invoice nothing was paid against (an overdue one may have been paid in part).</summary>
    public Result<Unit> Cancel(string reason, DateTimeOffset now)
    {
        var allowed = Check(
            new InvoiceMustBeIn(this, "cancelled", InvoiceStatus.Issued, InvoiceStatus.Overdue),
            new InvoiceMustBeUnpaid(this)
        );
        if (allowed.IsSuccess)
        {
            Status = InvoiceStatus.Cancelled;
            CancellationReason = TextNormalizer.Collapse(reason);
            CancelledAt = now;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>
    /// Moves the due date of an invoice that is still to be paid. An overdue invoice given a date from
    /// <paramref name="today"/> on is due again (issued, or partly paid), and will be told about again should that
    /// date pass too.
    /// </summary>
    public Result<Unit> Reschedule(DateOnly dueOn, DateOnly today, DateTimeOffset now)
    {
        var allowed = Check(
            new InvoiceMustBeIn(
                this,
                "rescheduled",
                InvoiceStatus.Issued,
                InvoiceStatus.PartlyPaid,
                InvoiceStatus.Overdue
            ),
            new InvoiceDueDateMustBeAhead(dueOn, today)
        );
        if (allowed.IsSuccess && dueOn != DueOn)
        {
            DueOn = dueOn;
            if (Status == InvoiceStatus.Overdue)
            {
                Status = PaidAmount > 0 ? InvoiceStatus.PartlyPaid : InvoiceStatus.Issued;
                OverdueNotifiedAt = null;
            }

            Touch(now);
        }

        return allowed;
    }

    /// <summary>The due date passed before it was paid in full: it becomes overdue, and the notice is marked
    /// sent.</summary>
    public void MarkOverdue(DateTimeOffset now)
    {
        Status = InvoiceStatus.Overdue;
        OverdueNotifiedAt = now;
        Touch(now);
    }
}

public sealed record InvoiceMustBeIn(Invoice Invoice, string Action, params InvoiceStatus[] Allowed) : IBusinessRule
{
    public bool IsBroken() => !Allowed.Contains(Invoice.Status);

    public Error Error =>
        new(
            ErrorCodes.InvoiceState,
            $"An invoice that is {SnakeCaseNames.Of(Invoice.Status)} cannot be {Action}.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["invoiceStatus"] = SnakeCaseNames.Of(Invoice.Status) }
        );
}

/// <summary>An invoice is due from the day it is issued or rescheduled to a year ahead.</summary>
public sealed record InvoiceDueDateMustBeAhead(DateOnly DueOn, DateOnly Today) : IBusinessRule
{
    public const string Message = "Must be from today to a year ahead.";

    public bool IsBroken() => DueOn < Today || DueOn > Today.AddYears(1);

    public Error Error => Error.Validation("dueOn", Message);
}

/// <summary>Money paid against an invoice stays on it: such an invoice is not cancelled.</summary>
public sealed record InvoiceMustBeUnpaid(Invoice Invoice) : IBusinessRule
{
    public bool IsBroken() => Invoice.PaidAmount > 0;

    public Error Error =>
        new(
            ErrorCodes.InvoiceState,
            $"{Invoice.PaidAmount:0.00} roubles were paid against the invoice; it cannot be cancelled.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["invoiceStatus"] = SnakeCaseNames.Of(Invoice.Status) }
        );
}

/// <summary>A payment settles at most what is due: a surplus is a deposit of its own, not part of the
/// invoice.</summary>
public sealed record PaymentMustNotExceedAmountDue(decimal AmountDue, decimal Amount) : IBusinessRule
{
    public bool IsBroken() => Amount > AmountDue;

    public Error Error =>
        new(
            ErrorCodes.PaymentExceedsAmountDue,
            $"The invoice has {AmountDue:0.00} roubles due; a payment of {Amount:0.00} is more. Record the surplus as "
                + "a deposit of its own.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["amountDue"] = AmountDue }
        );
}
