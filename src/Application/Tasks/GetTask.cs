using MakCrm.Domain.Access;

namespace MakCrm.Application.Tasks;

public sealed record GetTaskQuery(Guid Id) : IQuery<TaskDto>;

internal sealed class GetTaskHandler(ITaskRepository tasks, ICurrentActor actor) : IQueryHandler<GetTaskQuery, TaskDto>
{
    public async Task<Result<TaskDto>> Handle(GetTaskQuery query, CancellationToken cancellationToken) =>
        await tasks.GetAsync(query.Id, DataScope.For(actor, Permissions.TasksReadAll), cancellationToken) is { } task
            ? task
            : Error.NotFound("Task", query.Id);
}
