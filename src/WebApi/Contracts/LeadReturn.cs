using MakCrm.Application.Common;
using MakCrm.Application.LeadReturns;
using MakCrm.Domain.LeadReturns;

namespace MakCrm.WebApi.Contracts;

/// <summary>A franchisee's return of a bought lead and head office's decision (schema <c>LeadReturn</c>).</summary>
public sealed record LeadReturn(
    Guid Id,
    Guid LeadId,
    Guid OrganizationId,
    Guid ChargeEntryId,
    decimal Amount,
    Guid? LotId,
    LeadReturnReason Reason,
    string? Comment,
    LeadReturnStatus Status,
    Guid? RequestedByUserId,
    UserRef? RequestedByUser,
    Guid? DecidedByUserId,
    UserRef? DecidedByUser,
    DateTimeOffset? DecidedAt,
    string? RejectionReason,
    Guid? RefundEntryId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static LeadReturn From(LeadReturnDto r) => new(
        r.Id, r.LeadId, r.OrganizationId, r.ChargeEntryId, r.Amount, r.LotId, r.Reason, r.Comment, r.Status, r.RequestedByUserId, r.RequestedByUser,
        r.DecidedByUserId, r.DecidedByUser, r.DecidedAt, r.RejectionReason, r.RefundEntryId, r.CreatedAt, r.UpdatedAt);
}

public sealed record LeadReturnPage(IReadOnlyList<LeadReturn> Items, string? NextCursor)
{
    public static LeadReturnPage From(Page<LeadReturnDto> page) => new(page.Items.Select(LeadReturn.From).ToList(), page.NextCursor);
}

public sealed record CreateLeadReturnRequest
{
    public required LeadReturnReason Reason { get; init; }

    public string? Comment { get; init; }
}

public sealed record RejectLeadReturnRequest
{
    public required string Reason { get; init; }
}
