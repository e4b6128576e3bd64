using MakCrm.Application.Pipelines;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class PipelineMappings
{
    /// <summary>What happens when a deal enters a stage (schema <c>StageTrigger</c>).</summary>
    extension(StageTrigger)
    {
        public static StageTrigger From(
            Domain.Pipelines.StageTrigger trigger,
            IReadOnlyDictionary<Guid, Contracts.UserRef> users
        ) =>
            new(
                trigger.Kind,
                trigger.Title,
                trigger.DueInHours,
                trigger.Recipient,
                trigger.UserId,
                trigger.UserId is { } id ? users.GetValueOrDefault(id) : null,
                trigger.LeadStatus
            );
    }

    /// <summary>A stage trigger as the admin writes it (schema <c>StageTriggerInput</c>).</summary>
    extension(StageTriggerInput)
    {
        public static IReadOnlyList<Domain.Pipelines.StageTrigger> ToDomain(
            IReadOnlyList<StageTriggerInput> triggers
        ) =>
            triggers
                .Select(t => new Domain.Pipelines.StageTrigger(
                    t.Kind,
                    t.Title,
                    t.DueInHours,
                    t.Recipient,
                    t.UserId,
                    t.LeadStatus
                ))
                .ToList();
    }

    extension(PipelineStage)
    {
        public static PipelineStage From(PipelineStageDto dto) =>
            new(
                dto.Id,
                dto.PipelineId,
                dto.Name,
                dto.Order,
                dto.Kind,
                dto.Triggers.Select(t => StageTrigger.From(t, dto.TriggerUsers)).ToList(),
                dto.WinProbability,
                dto.Version
            );
    }

    extension(CreatePipelineStageRequest request)
    {
        public AddPipelineStageCommand ToCommand(Guid pipelineId) =>
            new(
                pipelineId,
                request.Name,
                request.Order,
                StageTriggerInput.ToDomain(request.Triggers),
                request.WinProbability
            );
    }

    /// <summary>A JSON merge patch of a stage.</summary>
    extension(UpdatePipelineStageRequest)
    {
        public static UpdatePipelineStageCommand ToCommand(
            Guid pipelineId,
            Guid stageId,
            VersionCheck ifMatch,
            JsonBody<UpdatePipelineStageRequest> body
        )
        {
            var triggers = body.Field("triggers", body.Value.Triggers);
            return new UpdatePipelineStageCommand(
                pipelineId,
                stageId,
                ifMatch,
                body.Field("name", body.Value.Name),
                triggers.IsPresent
                    ? Patch<IReadOnlyList<Domain.Pipelines.StageTrigger>>.Of(StageTriggerInput.ToDomain(triggers.Value))
                    : default,
                body.Field<int?>("winProbability", body.Value.WinProbability)
            );
        }
    }
}
