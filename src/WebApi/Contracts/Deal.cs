using MakCrm.Application.Common;
using MakCrm.Application.Deals;
using MakCrm.Domain.Leads;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>A loan being arranged for a client (schema <c>Deal</c>).</summary>
public sealed partial record Deal
{
    public static Deal From(DealDto dto) => new(
        dto.Id, dto.OrganizationId, dto.ClientId, dto.LeadId, dto.Title, dto.Amount, dto.Bank, dto.Product, dto.ResponsibleUserId, dto.ResponsibleUser,
        dto.PipelineId, dto.StageId, dto.ClosedAt, dto.CreatedAt, dto.UpdatedAt, dto.Version, dto.Client, LoanIssue.From(dto.Loan));
}

public sealed partial record DealPage
{
    public static DealPage From(Page<DealDto> page) => new(page.Items.Select(Deal.From).ToList(), page.NextCursor);
}

public sealed partial record DealStageChange
{
    public static DealStageChange From(DealStageChangeDto dto) =>
        new(dto.Id, dto.At, Actor.Of(dto.ActorUserId, dto.ActorClientId, dto.ActorUser), dto.FromPipelineId, dto.FromStageId, dto.ToPipelineId, dto.ToStageId);
}

public sealed partial record DealStageHistory
{
    public static DealStageHistory From(Page<DealStageChangeDto> history) => new(history.Items.Select(DealStageChange.From).ToList());
}
