using MakCrm.Application.Deals;
using MakCrm.Contracts;
using MakCrm.Domain.Leads;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class DealMappings
{
    extension(DealStageChange)
    {
        public static DealStageChange From(DealStageChangeDto dto) =>
            new(
                dto.Id,
                dto.At,
                Actor.Of(dto.ActorUserId, dto.ActorClientId, dto.ActorUser),
                dto.FromPipelineId,
                dto.FromStageId,
                dto.ToPipelineId,
                dto.ToStageId
            );
    }

    extension(DealStageHistory)
    {
        public static DealStageHistory From(Page<DealStageChangeDto> history) =>
            new(history.Items.Select(DealStageChange.From).ToList());
    }
}
