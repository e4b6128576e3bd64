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

public sealed partial record CreateDealRequest
{
    public CreateDealCommand ToCommand() => new(ClientId, LeadId, Title, Amount, Bank, Product, ResponsibleUserId, PipelineId, StageId);
}

/// <summary>A JSON merge patch of a deal.</summary>
public sealed partial record UpdateDealRequest
{
    public static UpdateDealCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateDealRequest> body)
    {
        var patch = body.Value;
        return new UpdateDealCommand(
            id,
            ifMatch,
            body.Field<Guid?>("leadId", patch.LeadId),
            body.Field("title", patch.Title),
            body.Field<decimal>("amount", patch.Amount),
            body.Field<string?>("bank", patch.Bank),
            body.Field<LoanProduct>("product", patch.Product),
            body.Field<Guid?>("responsibleUserId", patch.ResponsibleUserId));
    }
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
