using MakCrm.Application.Commissions;
using MakCrm.Application.Common;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Contracts;

/// <summary>A new commission rule (schema <c>CreateCommissionRuleRequest</c>); which fields it needs depends on <c>kind</c>.</summary>
public sealed partial record CreateCommissionRuleRequest
{
    public CreateCommissionRuleCommand ToCommand() =>
        new(new CommissionRuleSpec(Kind, EffectiveFrom, BankCode, Product, BaseMethod, Rate, Grade, HoldDays));
}

/// <summary>The profit calculator's question (schema <c>CommissionQuoteRequest</c>).</summary>
public sealed partial record CommissionQuoteRequest
{
    public QuoteCommissionQuery ToQuery() => new(BankCode, Product, Amount, TermMonths, Fee, Grade);
}

/// <summary>The profit calculator's answer (schema <c>CommissionQuote</c>).</summary>
public sealed partial record CommissionQuote
{
    public static CommissionQuote From(CommissionQuoteDto q) =>
        new(q.On, q.BankCode, q.Product, q.Amount, q.TermMonths, q.BaseMethod, q.BaseRate, q.Base, q.Grade, q.Share, q.Income,
            q.NextGrade is { } n ? new CommissionQuoteNextGrade(n.Grade, n.Share, n.Income) : null, q.Level2Share, q.Level2Income, q.HoldDays);
}

/// <summary>One movement of a partner's commission money (schema <c>CommissionEntry</c>).</summary>
public sealed partial record CommissionEntry
{
    public static CommissionEntry From(CommissionEntryDto e) =>
        new(e.Id, e.OrganizationId, e.Kind, e.Amount, e.OnHoldChange, e.AvailableChange, e.OnHoldAfter, e.AvailableAfter, e.DealId, e.IssueNo, e.Level,
            e.SourceOrganizationId, e.IssuedOn, e.BankCode, e.Product, e.Grade, e.Base, e.Share, e.HoldUntil, e.FollowsEntryId, e.SettlementActId,
            e.Reason, e.Rewards is { } r ? CommissionBonusRewards.From(r) : null, e.CreatedAt);
}

/// <summary>What a bonus rewards (schema <c>CommissionBonusRewards</c>): a user's place on a month's points leaderboard.</summary>
public sealed partial record CommissionBonusRewards
{
    public static CommissionBonusRewards From(Domain.Commissions.CommissionBonusRewards r) =>
        new(r.UserId, r.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), r.Rank);
}

/// <summary>A bonus in money for an organization (schema <c>RecordCommissionBonusRequest</c>).</summary>
public sealed partial record RecordCommissionBonusRequest
{
    public RecordCommissionBonusCommand ToCommand() =>
        new(OrganizationId, Amount, Reason, Rewards is { } r ? new CommissionBonusRewardsSpec(r.UserId, r.Month) : null);
}

public sealed partial record CommissionEntryPage
{
    public static CommissionEntryPage From(Page<CommissionEntryDto> page) => new(page.Items.Select(CommissionEntry.From).ToList(), page.NextCursor);
}
