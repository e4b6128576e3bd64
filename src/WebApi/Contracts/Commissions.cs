using MakCrm.Application.Commissions;
using MakCrm.Application.Common;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

/// <summary>An effective-dated commission rule (schema <c>CommissionRule</c>).</summary>
public sealed record CommissionRule(
    Guid Id,
    CommissionRuleKind Kind,
    DateOnly EffectiveFrom,
    string? BankCode,
    LoanProduct? Product,
    CommissionBaseMethod? BaseMethod,
    decimal? Rate,
    string? Grade,
    int? HoldDays,
    Guid? CreatedByUserId,
    DateTimeOffset CreatedAt)
{
    public static CommissionRule From(CommissionRuleDto r) =>
        new(r.Id, r.Kind, r.EffectiveFrom, r.BankCode, r.Product, r.BaseMethod, r.Rate, r.Grade, r.HoldDays, r.CreatedByUserId, r.CreatedAt);
}

public sealed record CommissionRuleList(IReadOnlyList<CommissionRule> Items)
{
    public static CommissionRuleList From(IReadOnlyList<CommissionRuleDto> rules) => new(rules.Select(CommissionRule.From).ToList());
}

/// <summary>A new commission rule (schema <c>CreateCommissionRuleRequest</c>); which fields it needs depends on <c>kind</c>.</summary>
public sealed record CreateCommissionRuleRequest
{
    public required CommissionRuleKind Kind { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    public string? BankCode { get; init; }

    public LoanProduct? Product { get; init; }

    public CommissionBaseMethod? BaseMethod { get; init; }

    public decimal? Rate { get; init; }

    public string? Grade { get; init; }

    public int? HoldDays { get; init; }

    public CreateCommissionRuleCommand ToCommand() =>
        new(new CommissionRuleSpec(Kind, EffectiveFrom, BankCode, Product, BaseMethod, Rate, Grade, HoldDays));
}

/// <summary>The profit calculator's question (schema <c>CommissionQuoteRequest</c>).</summary>
public sealed record CommissionQuoteRequest
{
    public required string BankCode { get; init; }

    public required LoanProduct Product { get; init; }

    public required decimal Amount { get; init; }

    public required int TermMonths { get; init; }

    public decimal? Fee { get; init; }

    public string? Grade { get; init; }

    public QuoteCommissionQuery ToQuery() => new(BankCode, Product, Amount, TermMonths, Fee, Grade);
}

public sealed record CommissionQuoteNextGrade(string Grade, decimal Share, decimal? Income);

/// <summary>The profit calculator's answer (schema <c>CommissionQuote</c>).</summary>
public sealed record CommissionQuote(
    DateOnly On,
    string BankCode,
    LoanProduct Product,
    decimal Amount,
    int TermMonths,
    CommissionBaseMethod BaseMethod,
    decimal? BaseRate,
    decimal? Base,
    string? Grade,
    decimal Share,
    decimal? Income,
    CommissionQuoteNextGrade? NextGrade,
    decimal Level2Share,
    decimal? Level2Income,
    int HoldDays)
{
    public static CommissionQuote From(CommissionQuoteDto q) =>
        new(q.On, q.BankCode, q.Product, q.Amount, q.TermMonths, q.BaseMethod, q.BaseRate, q.Base, q.Grade, q.Share, q.Income,
            q.NextGrade is { } n ? new CommissionQuoteNextGrade(n.Grade, n.Share, n.Income) : null, q.Level2Share, q.Level2Income, q.HoldDays);
}

/// <summary>One movement of a partner's commission money (schema <c>CommissionEntry</c>).</summary>
public sealed record CommissionEntry(
    Guid Id,
    Guid OrganizationId,
    CommissionEntryKind Kind,
    decimal Amount,
    decimal OnHoldChange,
    decimal AvailableChange,
    decimal OnHoldAfter,
    decimal AvailableAfter,
    Guid? DealId,
    int? IssueNo,
    int? Level,
    Guid? SourceOrganizationId,
    DateOnly? IssuedOn,
    string? BankCode,
    LoanProduct? Product,
    string? Grade,
    decimal? Base,
    decimal? Share,
    DateOnly? HoldUntil,
    Guid? FollowsEntryId,
    Guid? SettlementActId,
    string? Reason,
    CommissionBonusRewards? Rewards,
    DateTimeOffset CreatedAt)
{
    public static CommissionEntry From(CommissionEntryDto e) =>
        new(e.Id, e.OrganizationId, e.Kind, e.Amount, e.OnHoldChange, e.AvailableChange, e.OnHoldAfter, e.AvailableAfter, e.DealId, e.IssueNo, e.Level,
            e.SourceOrganizationId, e.IssuedOn, e.BankCode, e.Product, e.Grade, e.Base, e.Share, e.HoldUntil, e.FollowsEntryId, e.SettlementActId,
            e.Reason, e.Rewards is { } r ? CommissionBonusRewards.From(r) : null, e.CreatedAt);
}

/// <summary>What a bonus rewards (schema <c>CommissionBonusRewards</c>): a user's place on a month's points leaderboard.</summary>
public sealed record CommissionBonusRewards(Guid UserId, string Month, int Rank)
{
    public static CommissionBonusRewards From(Domain.Commissions.CommissionBonusRewards r) =>
        new(r.UserId, r.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), r.Rank);
}

/// <summary>What a bonus is to reward, as head office names it (schema <c>CommissionBonusRewardsRequest</c>).</summary>
public sealed record CommissionBonusRewardsRequest
{
    public required Guid UserId { get; init; }

    public required string Month { get; init; }
}

/// <summary>A bonus in money for an organization (schema <c>RecordCommissionBonusRequest</c>).</summary>
public sealed record RecordCommissionBonusRequest
{
    public required Guid OrganizationId { get; init; }

    public required decimal Amount { get; init; }

    public required string Reason { get; init; }

    public CommissionBonusRewardsRequest? Rewards { get; init; }

    public RecordCommissionBonusCommand ToCommand() =>
        new(OrganizationId, Amount, Reason, Rewards is { } r ? new CommissionBonusRewardsSpec(r.UserId, r.Month) : null);
}

/// <summary>Why a bonus is reversed (schema <c>ReverseCommissionBonusRequest</c>).</summary>
public sealed record ReverseCommissionBonusRequest
{
    public required string Reason { get; init; }
}

public sealed record CommissionEntryPage(IReadOnlyList<CommissionEntry> Items, string? NextCursor)
{
    public static CommissionEntryPage From(Page<CommissionEntryDto> page) => new(page.Items.Select(CommissionEntry.From).ToList(), page.NextCursor);
}

public sealed record CommissionBalance(Guid OrganizationId, decimal OnHold, decimal Available)
{
    public static CommissionBalance From(CommissionBalanceDto b) => new(b.OrganizationId, b.OnHold, b.Available);
}

public sealed record CommissionBalanceList(IReadOnlyList<CommissionBalance> Items)
{
    public static CommissionBalanceList From(IReadOnlyList<CommissionBalanceDto> balances) => new(balances.Select(CommissionBalance.From).ToList());
}
