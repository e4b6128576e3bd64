using MakCrm.Application.Common;
using MakCrm.Application.LeadReturns;
using MakCrm.Domain.LeadReturns;

namespace MakCrm.WebApi.Contracts;

/// <summary>A franchisee's return of a bought lead and head office's decision (schema <c>LeadReturn</c>).</summary>
public sealed partial record LeadReturn
{
    public static LeadReturn From(LeadReturnDto r) => new(
        r.Id, r.LeadId, r.OrganizationId, r.ChargeEntryId, r.Amount, r.LotId, r.Reason, r.Comment, r.Status, r.RequestedByUserId, r.RequestedByUser,
        r.DecidedByUserId, r.DecidedByUser, r.DecidedAt, r.RejectionReason, r.RefundEntryId, r.CreatedAt, r.UpdatedAt);
}

public sealed partial record LeadReturnPage
{
    public static LeadReturnPage From(Page<LeadReturnDto> page) => new(page.Items.Select(LeadReturn.From).ToList(), page.NextCursor);
}

