using MakCrm.Application.Tasks;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Domain.Tasks;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Endpoints;

internal sealed class TaskEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tasks");
        group.MapGet("/", List).WithName("listTasks").SortedBy(TaskSorts.Catalog);
        group.MapPost("/", Create).WithName("createTask");
        group.MapGet("/{id:guid}", Get).WithName("getTask");
        group.MapPatch("/{id:guid}", Update).WithName("updateTask");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteTask");
        group.MapPost("/{id:guid}/completion", Complete).WithName("completeTask");
    }

    private static async Task<Results<JsonOk<TaskPage>, ProblemHttpResult>> List(
        IQueryHandler<ListTasksQuery, Page<TaskDto>> handler,
        [AsParameters] ListTasksParameters query,
        CancellationToken cancellationToken
    )
    {
        var request = new ListTasksQuery(
            query.Assignee,
            query.SubjectType?.Value,
            query.SubjectId,
            query.Done,
            query.DueFrom ?? query.DueAfter,
            query.DueTo ?? query.DueBefore,
            query.Overdue,
            query.Sort,
            query.Cursor,
            query.Limit,
            query.Q,
            query.CreatedFrom,
            query.CreatedTo,
            query.WithTotal
        );
        return Respond.Value(await handler.Handle(request, cancellationToken), TaskPage.From);
    }

    private static async Task<Results<JsonCreated<TaskItem>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateTaskCommand, TaskDto> handler,
        Body<CreateTaskRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/tasks",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            TaskItem.From
        );

    private static async Task<Results<JsonOk<TaskItem>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetTaskQuery, TaskDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetTaskQuery(id), cancellationToken), TaskItem.From);

    private static async Task<Results<JsonOk<TaskItem>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateTaskCommand, TaskDto> handler,
        Body<UpdateTaskRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateTaskRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), TaskItem.From);
    }

    private static async Task<Results<JsonOk<TaskItem>, ProblemHttpResult>> Complete(
        Guid id,
        HttpResponse response,
        ICommandHandler<CompleteTaskCommand, TaskDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new CompleteTaskCommand(id), cancellationToken), TaskItem.From);

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteTaskCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new DeleteTaskCommand(id, ETag.IfMatch(ifMatch)), cancellationToken));
}
