using MakCrm.Domain.Access;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Tasks;

/// <param name="Assignee"><c>me</c> or a user's id.</param>
public sealed record ListTasksQuery(
    string? Assignee = null,
    TaskSubjectType? SubjectType = null,
    Guid? SubjectId = null,
    bool? Done = null,
    DateTimeOffset? DueFrom = null,
    DateTimeOffset? DueTo = null,
    bool? Overdue = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null,
    string? Q = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    bool? WithTotal = null
) : IQuery<Page<TaskDto>>, ICreatedWindowQuery;

internal sealed class ListTasksValidator : AbstractValidator<ListTasksQuery>
{
    public const string Me = "me";

    public ListTasksValidator()
    {
        RuleFor(q => q.Assignee)
            .Must(a => a is null or Me || (Guid.TryParse(a, out var id) && id != Guid.Empty))
            .WithMessage("Must be `me` or a user's id.");
        RuleFor(q => q.SubjectType).DefinedOrNull();
        RuleFor(q => q.Q).ValidSearch();
        Include(new CreatedWindowValidator<ListTasksQuery>());
        RuleFor(q => q.Sort).ValidSort(TaskSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.DueTo)
            .GreaterThan(q => q.DueFrom)
            .When(q => q.DueFrom is not null && q.DueTo is not null)
            .WithMessage("Must be later than dueFrom.");
    }
}

internal sealed class ListTasksHandler(ITaskRepository tasks, ICurrentActor actor, TimeProvider clock)
    : IQueryHandler<ListTasksQuery, Page<TaskDto>>
{
    public async Task<Result<Page<TaskDto>>> Handle(ListTasksQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(TaskSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        Guid? assignee = null;
        if (query.Assignee == ListTasksValidator.Me)
        {
            if (actor.UserId is null)
            {
                return Error.Validation("assignee", "An API client has no tasks of its own: pass a user's id.");
            }

            assignee = actor.UserId;
        }
        else if (query.Assignee is not null)
        {
            assignee = Guid.Parse(query.Assignee);
        }

        var (sort, after, limit) = paging.Value;
        var filter = new TaskFilter(
            assignee,
            query.SubjectType,
            query.SubjectId,
            query.Done,
            query.DueFrom?.ToUniversalTime(),
            query.DueTo?.ToUniversalTime(),
            query.Overdue,
            clock.UtcNowMicroseconds(),
            query.Q,
            CreatedWindow.Of(query)
        );
        var scope = DataScope.For(actor, Permissions.TasksReadAll);
        var criteria = new TaskListCriteria(scope, filter, sort, after, limit + 1);
        var rows = await tasks.ListAsync(criteria, cancellationToken);
        return await ListPaging
            .ToPage(TaskSorts.Catalog, sort, rows, limit, t => t.Id)
            .WithTotalAsync(query.WithTotal, c => tasks.TotalAsync(criteria, c), cancellationToken);
    }
}
