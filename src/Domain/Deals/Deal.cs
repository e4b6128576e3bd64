using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Pipelines;

namespace MakCrm.Domain.Deals;

/// <summary>
/// A loan being arranged for a client (optionally from one of their leads), moving through the stages of a pipeline.
/// It is closed while it is in a won or lost stage.
/// </summary>
public sealed class Deal : AggregateRoot, IOrganizationOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxBankLength = 200;

    /// <summary>The earliest expected close date a deal takes.</summary>
    public static readonly DateOnly MinExpectedCloseDate = new(2000, 1, 1);

    /// <summary>The latest expected close date a deal takes.</summary>
    public static readonly DateOnly MaxExpectedCloseDate = new(2100, 12, 31);

    private readonly List<DealStageChange> _history = [];

    private Deal() { }

    private Deal(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The organization that owns the deal and sees it.</summary>
    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.Blocks;

    public Guid ClientId { get; private set; }

    public Guid? LeadId { get; private set; }

    public string Title { get; private set; } = "";

    public decimal Amount { get; private set; }

    public string? Bank { get; private set; }

    public LoanProduct Product { get; private set; }

    public Guid? ResponsibleUserId { get; private set; }

    public Guid PipelineId { get; private set; }

    public Guid StageId { get; private set; }

    /// <summary>When the deal entered the won or lost stage it is in; null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The day the deal is expected to close; the forecast counts it in that month.</summary>
    public DateOnly? ExpectedCloseDate { get; private set; }

    /// <summary>The deal's own chance of being won, in percent; null: its stage's
    /// <see cref="PipelineStage.WinProbability"/> applies.</summary>
    public int? Probability { get; private set; }

    public DealDetails Details =>
        new(LeadId, Title, Amount, Bank, Product, ResponsibleUserId, ExpectedCloseDate, Probability);

    /// <summary>The values of its custom fields: a JSON object under the definitions' keys, each in its type's form
    /// (see <see cref="Domain.CustomFields.CustomFieldDefinition"/>); <c>{}</c> when it has none.</summary>
    public string CustomFields { get; private set; } = "{}";

    /// <summary>Replaces the custom fields' values, checked against the definitions; the version moves once per
    /// request.</summary>
    public void SetCustomFields(string values, DateTimeOffset now)
    {
        CustomFields = values;
        if (UpdatedAt != now)
        {
            Touch(now);
        }
    }

    /// <summary>How many loans were issued on the deal so far; the current one's number (0: never issued).</summary>
    public int LoanIssueNo { get; private set; }

    public DateOnly? LoanIssuedOn { get; private set; }

    public decimal? LoanAmount { get; private set; }

    public string? LoanBankCode { get; private set; }

    public LoanProduct? LoanProduct { get; private set; }

    public int? LoanTermMonths { get; private set; }

    public DateOnly? LoanCancelledOn { get; private set; }

    public LoanCancellationReason? LoanCancellationReason { get; private set; }

    /// <summary>How many times the current issue's fee was recorded (0: not yet; a correction counts on).</summary>
    public int LoanFeeRevision { get; private set; }

    public decimal? LoanFeeAmount { get; private set; }

    public DateOnly? LoanFeeReceivedOn { get; private set; }

    public string? LoanFeeReference { get; private set; }

    /// <summary>The deal's current (latest) loan issue, cancelled or not; <c>null</c> before the first.</summary>
    public LoanIssue? Loan =>
        LoanIssueNo == 0
            ? null
            : new LoanIssue(
                LoanIssueNo,
                new LoanIssueDetails(
                    LoanIssuedOn!.Value,
                    LoanAmount!.Value,
                    LoanBankCode!,
                    LoanProduct!.Value,
                    LoanTermMonths!.Value
                ),
                LoanCancelledOn is { } on ? new LoanCancellation(on, LoanCancellationReason!.Value) : null,
                LoanFeeAmount is { } fee ? new LoanFee(fee, LoanFeeReceivedOn!.Value, LoanFeeReference) : null,
                LoanFeeRevision
            );

    /// <summary>The stage moves this deal made since it was loaded; they are saved with it.</summary>
    public IReadOnlyList<DealStageChange> History => _history;

    public static Deal Create(
        Guid id,
        Guid organizationId,
        Guid clientId,
        DealDetails details,
        PipelineStage stage,
        LeadActor actor,
        DateTimeOffset now
    )
    {
        var deal = new Deal(id, now) { OrganizationId = organizationId, ClientId = clientId };
        deal.Apply(Normalize(details));
        deal.Enter(stage, actor, now);
        return deal;
    }

    /// <summary>
    /// A deal brought over from another system: created when the file says, and, in a won or lost stage, closed when
    /// it says (else when it was created). The stage change it records carries the same time.
    /// </summary>
    public static Deal Import(
        Guid id,
        Guid organizationId,
        Guid clientId,
        DealDetails details,
        PipelineStage stage,
        LeadActor actor,
        DateTimeOffset createdAt,
        DateTimeOffset? closedAt
    )
    {
        var deal = Create(id, organizationId, clientId, details, stage, actor, createdAt);
        if (stage.ClosesDeals)
        {
            deal.ClosedAt = closedAt ?? createdAt;
        }

        return deal;
    }

    /// <summary>Applies the details; an update that changes nothing keeps the version.</summary>
    public void Update(DealDetails details, DateTimeOffset now)
    {
        var normalized = Normalize(details);
        if (normalized == Details)
        {
            return;
        }

        Apply(normalized);
        Touch(now);
    }

    /// <summary>Moves the deal into the stage (of any pipeline) and records the move; the stage it is in already is no
    /// move.</summary>
    /// <returns>Whether the deal moved.</returns>
    public bool MoveTo(PipelineStage stage, LeadActor actor, DateTimeOffset now)
    {
        if (stage.Id == StageId)
        {
            return false;
        }

        Enter(stage, actor, now);
        Touch(now);
        return true;
    }

    public void Delete(DateTimeOffset now) => MarkDeleted(now);

    /// <summary>
    /// Records the loan the bank issued. The same issue again changes nothing (a replay); a different one over a live
    /// issue is refused; after a cancellation it is a new issue with the next number.
    /// </summary>
    /// <returns>Whether a new issue was recorded.</returns>
    public Result<bool> RecordLoanIssue(LoanIssueDetails details, DateTimeOffset now)
    {
        var current = Loan;
        var normalized = details with { Amount = Money.ToKopecks(details.Amount) };
        var check = Check(new LiveLoanIssueIsNotReplaced(current, normalized));
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        if (current is { IsCancelled: false })
        {
            return false;
        }

        LoanIssueNo++;
        LoanIssuedOn = normalized.IssuedOn;
        LoanAmount = normalized.Amount;
        LoanBankCode = normalized.BankCode;
        LoanProduct = normalized.Product;
        LoanTermMonths = normalized.TermMonths;
        LoanCancelledOn = null;
        LoanCancellationReason = null;
        LoanFeeRevision = 0;
        LoanFeeAmount = null;
        LoanFeeReceivedOn = null;
        LoanFeeReference = null;
        Touch(now);
        return true;
    }

    /// <summary>
    /// Records the fee the bank paid for the current, live issue. The same fee again changes nothing (a replay); a
    /// different one is a correction: the next revision.
    /// </summary>
    /// <returns>Whether the fee changed.</returns>
    public Result<bool> RecordLoanFee(LoanFee fee, DateTimeOffset now)
    {
        var current = Loan;
        var normalized = fee with
        {
            Amount = Money.ToKopecks(fee.Amount),
            Reference = TextNormalizer.CollapseOrNull(fee.Reference),
        };
        var check = Check(new OnlyALiveIssueHasAFee(current), new FeeIsNotBeforeIssue(current, normalized));
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        if (current!.Fee == normalized)
        {
            return false;
        }

        LoanFeeRevision++;
        LoanFeeAmount = normalized.Amount;
        LoanFeeReceivedOn = normalized.ReceivedOn;
        LoanFeeReference = normalized.Reference;
        Touch(now);
        return true;
    }

    /// <summary>Cancels the current issue; the same cancellation again changes nothing (a replay).</summary>
    /// <returns>Whether the issue was cancelled now.</returns>
    public Result<bool> CancelLoan(LoanCancellation cancellation, DateTimeOffset now)
    {
        var current = Loan;
        var check = Check(
            new OnlyAnIssuedLoanIsCancelled(current, cancellation),
            new CancellationIsNotBeforeIssue(current, cancellation)
        );
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        if (current!.IsCancelled)
        {
            return false;
        }

        LoanCancelledOn = cancellation.CancelledOn;
        LoanCancellationReason = cancellation.Reason;
        Touch(now);
        return true;
    }

    /// <summary>A bank's name as a deal keeps it: spaces collapsed, blank as none.</summary>
    public static string? BankName(string? bank) => TextNormalizer.CollapseOrNull(bank);

    private static DealDetails Normalize(DealDetails details) =>
        details with
        {
            Title = TextNormalizer.Collapse(details.Title),
            Bank = BankName(details.Bank),
        };

    private void Enter(PipelineStage stage, LeadActor actor, DateTimeOffset now)
    {
        _history.Add(
            new DealStageChange(
                Id,
                now,
                actor.UserId,
                actor.ClientId,
                StageId == Guid.Empty ? null : PipelineId,
                StageId == Guid.Empty ? null : StageId,
                stage.PipelineId,
                stage.Id
            )
        );
        PipelineId = stage.PipelineId;
        StageId = stage.Id;
        ClosedAt = stage.ClosesDeals ? now : null;
    }

    private void Apply(DealDetails details)
    {
        LeadId = details.LeadId;
        Title = details.Title;
        Amount = details.Amount;
        Bank = details.Bank;
        Product = details.Product;
        ResponsibleUserId = details.ResponsibleUserId;
        ExpectedCloseDate = details.ExpectedCloseDate;
        Probability = details.Probability;
    }
}

/// <summary>What a deal is made of besides its client and stage, as one value for creation and for merge
/// patches.</summary>
public sealed record DealDetails(
    Guid? LeadId,
    string Title,
    decimal Amount,
    string? Bank,
    LoanProduct Product,
    Guid? ResponsibleUserId,
    DateOnly? ExpectedCloseDate = null,
    int? Probability = null
);
