using MakCrm.Application.Common;
using MakCrm.Application.Ledger;
using MakCrm.Domain.Ledger;

namespace MakCrm.WebApi.Contracts;

/// <summary>One movement of a franchisee's money (schema <c>LedgerEntry</c>).</summary>
public sealed record LedgerEntry(
    Guid Id,
    Guid OrganizationId,
    LedgerEntryKind Kind,
    decimal Amount,
    decimal BalanceAfter,
    decimal HeldAfter,
    Guid? LotId,
    Guid? BidId,
    Guid? LeadId,
    Guid? ReturnId,
    string? Comment,
    Guid? CreatedByUserId,
    UserRef? CreatedByUser,
    DateTimeOffset CreatedAt)
{
    public static LedgerEntry From(LedgerEntryDto e) =>
        new(e.Id, e.OrganizationId, e.Kind, e.Amount, e.BalanceAfter, e.HeldAfter, e.LotId, e.BidId, e.LeadId, e.ReturnId, e.Comment, e.CreatedByUserId, e.CreatedByUser, e.CreatedAt);
}

public sealed record LedgerEntryPage(IReadOnlyList<LedgerEntry> Items, string? NextCursor)
{
    public static LedgerEntryPage From(Page<LedgerEntryDto> page) => new(page.Items.Select(LedgerEntry.From).ToList(), page.NextCursor);
}

/// <summary>A deposit or an adjustment by head office (schema <c>RecordLedgerEntryRequest</c>).</summary>
public sealed record RecordLedgerEntryRequest
{
    public required Guid OrganizationId { get; init; }

    public required decimal Amount { get; init; }

    public required string Comment { get; init; }
}

public sealed record FranchiseeBalance(Guid OrganizationId, string OrganizationName, string? Grade, decimal Available, decimal Held, decimal Total)
{
    public static FranchiseeBalance From(FranchiseeBalanceDto b) => new(b.OrganizationId, b.OrganizationName, b.Grade, b.Available, b.Held, b.Total);
}

public sealed record FranchiseeBalancePage(IReadOnlyList<FranchiseeBalance> Items, string? NextCursor)
{
    public static FranchiseeBalancePage From(Page<FranchiseeBalanceDto> page) => new(page.Items.Select(FranchiseeBalance.From).ToList(), page.NextCursor);
}

/// <summary>A ledger entry on a lead's timeline.</summary>
public sealed record TimelineLedgerEntry(LedgerEntryKind Kind, decimal Amount, Guid OrganizationId);

public sealed record SetOrganizationGradeRequest
{
    public required string? Grade { get; init; }

    /// <summary>Why head office overrides the grade (kept in the grade history).</summary>
    public string? Reason { get; init; }
}
