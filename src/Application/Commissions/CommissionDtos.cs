using MakCrm.Domain.Commissions;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Commissions;

public sealed record CommissionEntryDto(
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
    DateTimeOffset CreatedAt
) : IAnswersAs<Contracts.CommissionEntry>
{
    Contracts.CommissionEntry IAnswersAs<Contracts.CommissionEntry>.ToRecord() => Contracts.CommissionEntry.From(this);

    public static CommissionEntryDto From(CommissionEntry e, Contracts.CommissionBalance after) =>
        new(
            e.Id,
            e.OrganizationId,
            e.Kind,
            e.Amount,
            e.OnHoldChange,
            e.AvailableChange,
            after.OnHold,
            after.Available,
            e.DealId,
            e.IssueNo,
            e.Level,
            e.SourceOrganizationId,
            e.IssuedOn,
            e.BankCode,
            e.Product,
            e.Grade,
            e.Base,
            e.Share,
            e.HoldUntil,
            e.FollowsEntryId,
            SettlementActId: null,
            e.Reason,
            e.Rewards,
            e.CreatedAt
        );
}

public sealed record CommissionEntryFilter(
    Guid? OrganizationId,
    IReadOnlyList<CommissionEntryKind> Kinds,
    Guid? DealId,
    int? Level,
    DateTimeOffset? From,
    DateTimeOffset? To
);

public enum CommissionEntrySortField
{
    CreatedAt,
}

public sealed record CommissionEntryListCriteria(
    DataScope Scope,
    CommissionEntryFilter Filter,
    SortOption<CommissionEntrySortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class CommissionSorts
{
    public static SortCatalog<CommissionEntrySortField, CommissionEntryDto> Entries { get; } =
        new(
            "commission-entries",
            "-createdAt",
            ("createdAt", CommissionEntrySortField.CreatedAt, typeof(DateTimeOffset), e => e.CreatedAt)
        );
}

/// <summary>What a partner would earn on a loan (the calculator), by the same function the accruals use.</summary>
public sealed record CommissionQuoteDto(
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
    int HoldDays,
    Guid? CreditProgrammeId
);

public sealed record CommissionQuoteNextGrade(string Grade, decimal Share, decimal? Income);

/// <summary>Commission rules as the API answers them.</summary>
public static class CommissionRuleAnswers
{
    extension(Contracts.CommissionRule)
    {
        public static Contracts.CommissionRule From(CommissionRule r) =>
            new(
                r.Id,
                r.Kind,
                r.EffectiveFrom,
                r.BankCode,
                r.Product,
                r.BaseMethod,
                r.Rate,
                r.Grade,
                r.HoldDays,
                r.CreatedByUserId,
                r.CreatedAt
            );
    }
}

/// <summary>A movement of a partner's commission money as the API answers it (schema <c>CommissionEntry</c>).</summary>
public static class CommissionEntryAnswers
{
    extension(Contracts.CommissionEntry)
    {
        public static Contracts.CommissionEntry From(CommissionEntryDto e) =>
            new(
                e.Id,
                e.OrganizationId,
                e.Kind,
                e.Amount,
                e.OnHoldChange,
                e.AvailableChange,
                e.OnHoldAfter,
                e.AvailableAfter,
                e.DealId,
                e.IssueNo,
                e.Level,
                e.SourceOrganizationId,
                e.IssuedOn,
                e.BankCode,
                e.Product,
                e.Grade,
                e.Base,
                e.Share,
                e.HoldUntil,
                e.FollowsEntryId,
                e.SettlementActId,
                e.Reason,
                e.Rewards is { } r ? Contracts.CommissionBonusRewards.From(r) : null,
                e.CreatedAt
            );
    }

    extension(Contracts.CommissionBonusRewards)
    {
        /// <summary>What a bonus rewards: a user's place on a month's points leaderboard.</summary>
        public static Contracts.CommissionBonusRewards From(CommissionBonusRewards r) =>
            new(r.UserId, r.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), r.Rank);
    }
}
