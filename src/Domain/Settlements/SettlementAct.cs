using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Settlements;

/// <summary>Where an act is: drafted by head office, issued (numbered, its document generated, never changed again),
/// accepted by the partner, paid; or replaced by a correction issued in its place.</summary>
public enum SettlementActStatus
{
    Draft,
    Issued,
    Accepted,
    Paid,
    Corrected,
}

/// <summary>
/// One commission entry an act settles, copied when the act is drafted so the act reads as issued: the amount, and
/// for an entry of a loan what the act prints about it (the deal, the client's initials only, the loan's issue date,
/// product and amount); an entry of no loan (a bonus) is printed as its <paramref name="Description"/>.
/// </summary>
public sealed record SettlementActLine(
    Guid EntryId,
    Guid? DealId,
    int Level,
    string Kind,
    decimal Amount,
    DateTimeOffset RecordedAt,
    string? Deal,
    string? Client,
    DateOnly? LoanIssuedOn,
    string? Product,
    decimal? LoanAmount,
    string? Description
);

/// <summary>The partner's acceptance of an issued act: a simple electronic signature (a one-time code the signer
/// received), bound to the exact document by its SHA-256.</summary>
public sealed record SettlementAcceptance(
    Guid SignerUserId,
    DateTimeOffset SignedAt,
    string? SignerAddress,
    string DocumentSha256
);

/// <summary>Head office's payment of an act; a self-employed partner's payout carries its «Мой налог»
/// receipt.</summary>
public sealed record SettlementPayout(
    DateOnly PaidOn,
    decimal Amount,
    string? TaxReceiptNumber,
    string? TaxReceiptUrl,
    Guid RecordedByUserId
);

/// <summary>
/// A settlement act (акт оказанных услуг) between head office and a partner over the partner's available commission
/// entries up to the end of a period. A draft lists the entries and their total; issuing it gives it a gap-free number
/// of its year and its generated document and freezes it; the partner accepts it with a one-time code; head office
/// records the payout. A mistake in an issued, unpaid act is mended by a correction: a new act that refers to it and
/// takes its place when issued. The total is the sum of the lines' amounts (reversals are negative lines, so money
/// taken
/// back after an earlier payout is offset here).
/// </summary>
public sealed class SettlementAct : AggregateRoot, IOrganizationOwned
{
    public const int MaxNumberLength = 32;
    public const int MaxReceiptLength = 100;
    public const int MaxReceiptUrlLength = 500;
    public const int MaxAddressLength = 64;

    private SettlementAct() { }

    private SettlementAct(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public DateOnly PeriodFrom { get; private set; }

    public DateOnly PeriodTo { get; private set; }

    public SettlementActStatus Status { get; private set; }

    public decimal Total { get; private set; }

    /// <summary>The act this one corrects; it takes that act's place when issued.</summary>
    public Guid? CorrectsActId { get; private set; }

    public string? Number { get; private set; }

    public DateOnly? IssuedOn { get; private set; }

    public Guid? DocumentId { get; private set; }

    public Guid CreatedByUserId { get; private set; }

    public Guid? AcceptedByUserId { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public string? AcceptedFromAddress { get; private set; }

    public string? AcceptedDocumentSha256 { get; private set; }

    public DateOnly? PaidOn { get; private set; }

    public decimal? PaidAmount { get; private set; }

    public string? TaxReceiptNumber { get; private set; }

    public string? TaxReceiptUrl { get; private set; }

    public Guid? PaidByUserId { get; private set; }

    public SettlementAcceptance? Acceptance =>
        AcceptedByUserId is { } signer
            ? new SettlementAcceptance(signer, AcceptedAt!.Value, AcceptedFromAddress, AcceptedDocumentSha256!)
            : null;

    public SettlementPayout? Payout =>
        PaidOn is { } paidOn
            ? new SettlementPayout(paidOn, PaidAmount!.Value, TaxReceiptNumber, TaxReceiptUrl, PaidByUserId!.Value)
            : null;

    /// <summary>The entries the act settles, as they were when it was drafted.</summary>
    public IReadOnlyList<SettlementActLine> Lines { get; private set; } = [];

    /// <summary>A draft over <paramref name="lines"/>; refused when they come to nothing to pay.</summary>
    public static Result<SettlementAct> Draft(
        Guid id,
        Guid organizationId,
        DateOnly periodFrom,
        DateOnly periodTo,
        IReadOnlyList<SettlementActLine> lines,
        Guid? correctsActId,
        Guid userId,
        DateTimeOffset now
    )
    {
        var total = lines.Sum(l => l.Amount);
        var allowed = Check(new PeriodMustBeOrdered(periodFrom, periodTo), new ActMustPaySomething(lines.Count, total));
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        var act = new SettlementAct(id, now)
        {
            OrganizationId = organizationId,
            PeriodFrom = periodFrom,
            PeriodTo = periodTo,
            Status = SettlementActStatus.Draft,
            Total = total,
            CorrectsActId = correctsActId,
            CreatedByUserId = userId,
            Lines = [.. lines],
        };
        return act;
    }

    /// <summary>Numbers the act and attaches its generated document; from here on it never changes.</summary>
    public Result<Unit> Issue(string number, DateOnly issuedOn, Guid documentId, DateTimeOffset now)
    {
        var allowed = Check(new ActMustBeIn(this, "issued", SettlementActStatus.Draft));
        if (allowed.IsSuccess)
        {
            Number = number;
            IssuedOn = issuedOn;
            DocumentId = documentId;
            Status = SettlementActStatus.Issued;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>The partner's signature; the code was checked by <see cref="AcceptanceCode"/> before.</summary>
    public Result<Unit> Accept(SettlementAcceptance acceptance, DateTimeOffset now)
    {
        var allowed = Check(new ActMustBeIn(this, "accepted", SettlementActStatus.Issued));
        if (allowed.IsSuccess)
        {
            AcceptedByUserId = acceptance.SignerUserId;
            AcceptedAt = acceptance.SignedAt;
            AcceptedFromAddress = acceptance.SignerAddress;
            AcceptedDocumentSha256 = acceptance.DocumentSha256;
            Status = SettlementActStatus.Accepted;
            Touch(now);
        }

        return allowed;
    }

    public Result<Unit> RecordPayout(SettlementPayout payout, bool partnerIsSelfEmployed, DateTimeOffset now)
    {
        var allowed = Check(
            new ActMustBeIn(this, "paid", SettlementActStatus.Issued, SettlementActStatus.Accepted),
            new PayoutMustMatchTotal(Total, payout.Amount),
            new SelfEmployedPayoutNeedsReceipt(partnerIsSelfEmployed, payout.TaxReceiptNumber)
        );
        if (allowed.IsSuccess)
        {
            PaidOn = payout.PaidOn;
            PaidAmount = payout.Amount;
            TaxReceiptNumber = payout.TaxReceiptNumber;
            TaxReceiptUrl = payout.TaxReceiptUrl;
            PaidByUserId = payout.RecordedByUserId;
            Status = SettlementActStatus.Paid;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>A correction of this act was issued: it stays as it was, marked as replaced.</summary>
    public Result<Unit> MarkCorrected(DateTimeOffset now)
    {
        var allowed = Check(
            new ActMustBeIn(this, "corrected", SettlementActStatus.Issued, SettlementActStatus.Accepted)
        );
        if (allowed.IsSuccess)
        {
            Status = SettlementActStatus.Corrected;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Only a draft is deleted (its entries are free again); an issued act stays for good.</summary>
    public Result<Unit> Discard(DateTimeOffset now)
    {
        var allowed = Check(new ActMustBeIn(this, "discarded", SettlementActStatus.Draft));
        if (allowed.IsSuccess)
        {
            MarkDeleted(now);
        }

        return allowed;
    }

    /// <summary>Whether the partner may sign the act now: it is issued and not yet accepted.</summary>
    public Result<Unit> CanBeAccepted() => Check(new ActMustBeIn(this, "accepted", SettlementActStatus.Issued));

    /// <summary>Whether a correction may be drafted for this act: issued or accepted, not yet paid.</summary>
    public Result<Unit> CanBeCorrected() =>
        Check(new ActMustBeIn(this, "corrected", SettlementActStatus.Issued, SettlementActStatus.Accepted));
}

public sealed record PeriodMustBeOrdered(DateOnly From, DateOnly To) : IBusinessRule
{
    public bool IsBroken() => From > To;

    public Error Error => Error.Validation("periodFrom", "The period must start on or before its end.");
}

/// <summary>An act pays the partner: a draft over no entries, or whose reversals outweigh its accruals, is refused and
/// the entries stay available to offset the next act.</summary>
public sealed record ActMustPaySomething(int LineCount, decimal Total) : IBusinessRule
{
    public bool IsBroken() => LineCount == 0 || Total <= 0;

    public Error Error =>
        new(
            ErrorCodes.SettlementNothingToPay,
            LineCount == 0
                ? "The partner has no available commission entries in the period that are not in another act."
                : $"The available entries come to {Total:0.00} roubles; an act pays a positive amount, so they wait "
                    + $"for the next one.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["total"] = Total }
        );
}

public sealed record ActMustBeIn(SettlementAct Act, string Action, params SettlementActStatus[] Allowed) : IBusinessRule
{
    public bool IsBroken() => !Allowed.Contains(Act.Status);

    public Error Error =>
        new(
            ErrorCodes.SettlementActState,
            $"An act that is {SnakeCaseNames.Of(Act.Status)} cannot be {Action}.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["actStatus"] = SnakeCaseNames.Of(Act.Status) }
        );
}

public sealed record PayoutMustMatchTotal(decimal Total, decimal Amount) : IBusinessRule
{
    public bool IsBroken() => Amount != Total;

    public Error Error =>
        new(
            ErrorCodes.SettlementPayoutMismatch,
            $"The act's total is {Total:0.00} roubles; a payout of {Amount:0.00} does not settle it.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["total"] = Total }
        );
}

public sealed record SelfEmployedPayoutNeedsReceipt(bool SelfEmployed, string? ReceiptNumber) : IBusinessRule
{
    public bool IsBroken() => SelfEmployed && string.IsNullOrWhiteSpace(ReceiptNumber);

    public Error Error =>
        new(
            ErrorCodes.SettlementReceiptRequired,
            "The partner is self-employed (НПД): record the number of the receipt it issued in «Мой налог» with the "
                + "payout.",
            ErrorKind.Validation
        );
}
