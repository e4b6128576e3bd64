using MakCrm.Application.Common;
using MakCrm.Application.Ledger;
using MakCrm.Domain.Ledger;

namespace MakCrm.WebApi.Contracts;

/// <summary>One movement of a franchisee's money (schema <c>LedgerEntry</c>).</summary>
public sealed partial record LedgerEntry
{
    public static LedgerEntry From(LedgerEntryDto e) =>
        new(e.Id, e.OrganizationId, e.Kind, e.Amount, e.BalanceAfter, e.HeldAfter, e.LotId, e.BidId, e.LeadId, e.ReturnId, e.Comment, e.CreatedByUserId, e.CreatedByUser, e.CreatedAt);
}

public sealed partial record LedgerEntryPage
{
    public static LedgerEntryPage From(Page<LedgerEntryDto> page) => new(page.Items.Select(LedgerEntry.From).ToList(), page.NextCursor);
}

public sealed partial record FranchiseeBalancePage
{
    public static FranchiseeBalancePage From(Page<FranchiseeBalanceDto> page) => new(page.Items.Select(FranchiseeBalance.From).ToList(), page.NextCursor);
}

public sealed partial record FranchiseeBalance
{
    public static FranchiseeBalance From(FranchiseeBalanceDto b) => new(b.OrganizationId, b.OrganizationName, b.Grade, b.Available, b.Held, b.Total);
}

