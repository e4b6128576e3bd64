using MakCrm.Application.Common;
using MakCrm.Application.Deals;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class DealMappings
{
    /// <summary>A loan being arranged for a client (schema <c>Deal</c>).</summary>
    extension(Deal)
    {
        public static Deal From(DealDto dto) => new(
            dto.Id, dto.OrganizationId, dto.ClientId, dto.LeadId, dto.Title, dto.Amount, dto.Bank, dto.Product, dto.ResponsibleUserId, dto.ResponsibleUser,
            dto.PipelineId, dto.StageId, dto.ClosedAt, dto.CreatedAt, dto.UpdatedAt, dto.Version, dto.Client, LoanIssue.From(dto.Loan));
    }

    extension(DealStageChange)
    {
        public static DealStageChange From(DealStageChangeDto dto) =>
            new(dto.Id, dto.At, Actor.Of(dto.ActorUserId, dto.ActorClientId, dto.ActorUser), dto.FromPipelineId, dto.FromStageId, dto.ToPipelineId, dto.ToStageId);
    }

    extension(DealStageHistory)
    {
        public static DealStageHistory From(Page<DealStageChangeDto> history) => new(history.Items.Select(DealStageChange.From).ToList());
    }
}
