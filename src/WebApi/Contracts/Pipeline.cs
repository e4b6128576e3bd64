using MakCrm.Application.Common;
using MakCrm.Application.Pipelines;
using MakCrm.Domain.Pipelines;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

/// <summary>What happens when a deal enters a stage (schema <c>StageTrigger</c>).</summary>
public sealed partial record StageTrigger
{
    public static StageTrigger From(Domain.Pipelines.StageTrigger trigger, IReadOnlyDictionary<Guid, UserRef> users) => new(
        trigger.Kind,
        trigger.Title,
        trigger.DueInHours,
        trigger.Recipient,
        trigger.UserId,
        trigger.UserId is { } id ? users.GetValueOrDefault(id) : null,
        trigger.LeadStatus);
}

/// <summary>A stage trigger as the admin writes it (schema <c>StageTriggerInput</c>).</summary>
public sealed partial record StageTriggerInput
{
    public static IReadOnlyList<Domain.Pipelines.StageTrigger> ToDomain(IReadOnlyList<StageTriggerInput> triggers) =>
        triggers.Select(t => new Domain.Pipelines.StageTrigger(t.Kind, t.Title, t.DueInHours, t.Recipient, t.UserId, t.LeadStatus)).ToList();
}

public sealed partial record PipelineStage
{
    public static PipelineStage From(PipelineStageDto dto) =>
        new(dto.Id, dto.PipelineId, dto.Name, dto.Order, dto.Kind, dto.Triggers.Select(t => StageTrigger.From(t, dto.TriggerUsers)).ToList(), dto.WinProbability, dto.Version);
}

public sealed partial record Pipeline
{
    public static Pipeline From(PipelineDto dto) => new(dto.Id, dto.Name, dto.Order, dto.Archived, dto.Stages.Select(PipelineStage.From).ToList(), dto.Version);
}

public sealed partial record PipelineList
{
    public static PipelineList From(PipelineListDto pipelines) => new(pipelines.Items.Select(Pipeline.From).ToList());
}

public sealed partial record CreatePipelineStageRequest
{
    public AddPipelineStageCommand ToCommand(Guid pipelineId) => new(pipelineId, Name, Order, StageTriggerInput.ToDomain(Triggers), WinProbability);
}

/// <summary>A JSON merge patch of a stage.</summary>
public sealed partial record UpdatePipelineStageRequest
{
    public static UpdatePipelineStageCommand ToCommand(Guid pipelineId, Guid stageId, VersionCheck ifMatch, JsonBody<UpdatePipelineStageRequest> body)
    {
        var triggers = body.Field("triggers", body.Value.Triggers);
        return new UpdatePipelineStageCommand(
            pipelineId,
            stageId,
            ifMatch,
            body.Field("name", body.Value.Name),
            triggers.IsPresent ? Patch<IReadOnlyList<Domain.Pipelines.StageTrigger>>.Of(StageTriggerInput.ToDomain(triggers.Value)) : default,
            body.Field<int?>("winProbability", body.Value.WinProbability));
    }
}

