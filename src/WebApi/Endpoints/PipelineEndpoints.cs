using MakCrm.Application.Pipelines;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Pipelines and their stages: read by whoever reads deals, configured with pipelines.manage.</summary>
internal sealed class PipelineEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/pipelines");
        group.MapGet("/", List).WithName("listPipelines");
        group.MapPost("/", Create).WithName("createPipeline");
        group.MapGet("/{id:guid}", Get).WithName("getPipeline");
        group.MapPatch("/{id:guid}", Update).WithName("updatePipeline");
        group.MapDelete("/{id:guid}", Delete).WithName("deletePipeline");
        group.MapPost("/{id:guid}/stages", AddStage).WithName("addPipelineStage");
        group.MapPatch("/{id:guid}/stages/{stageId:guid}", UpdateStage).WithName("updatePipelineStage");
        group.MapDelete("/{id:guid}/stages/{stageId:guid}", DeleteStage).WithName("deletePipelineStage");
        group.MapPut("/{id:guid}/stage-order", Reorder).WithName("reorderPipelineStages");
    }

    private static async Task<Results<JsonOk<PipelineList>, ProblemHttpResult>> List(
        IQueryHandler<ListPipelinesQuery, PipelineListDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListPipelinesQuery(), cancellationToken), PipelineList.From);

    private static async Task<Results<JsonCreated<Pipeline>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreatePipelineCommand, PipelineDto> handler,
        Body<CreatePipelineRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/pipelines",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            Pipeline.From
        );

    private static async Task<Results<JsonOk<Pipeline>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetPipelineQuery, PipelineDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetPipelineQuery(id), cancellationToken), Pipeline.From);

    private static async Task<Results<JsonOk<Pipeline>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdatePipelineCommand, PipelineDto> handler,
        Body<UpdatePipelineRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdatePipelineRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Pipeline.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeletePipelineCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DeletePipelineCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );

    private static async Task<Results<JsonCreated<PipelineStage>, ProblemHttpResult>> AddStage(
        Guid id,
        HttpContext http,
        ICommandHandler<AddPipelineStageCommand, PipelineStageDto> handler,
        Body<CreatePipelineStageRequest> body,
        CancellationToken cancellationToken
    )
    {
        // A stage has no URL of its own to read (it is read with its pipeline), so no Location.
        var result = await handler.Handle(body.Value.ToCommand(id), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return JsonAnswer.Created((string?)null, PipelineStage.From(result.Value));
    }

    private static async Task<Results<JsonOk<PipelineStage>, ProblemHttpResult>> UpdateStage(
        Guid id,
        Guid stageId,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdatePipelineStageCommand, PipelineStageDto> handler,
        Body<UpdatePipelineStageRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdatePipelineStageRequest.ToCommand(id, stageId, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), PipelineStage.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteStage(
        Guid id,
        Guid stageId,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeletePipelineStageCommand, Unit> handler,
        [AsParameters] DeletePipelineStageParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(
                new DeletePipelineStageCommand(id, stageId, query.MoveDealsTo, ETag.IfMatch(ifMatch)),
                cancellationToken
            )
        );

    private static async Task<Results<JsonOk<Pipeline>, ProblemHttpResult>> Reorder(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<ReorderPipelineStagesCommand, PipelineDto> handler,
        Body<StageOrderRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                new ReorderPipelineStagesCommand(id, ETag.IfMatch(ifMatch), body.Value.StageIds),
                cancellationToken
            ),
            Pipeline.From
        );
}
