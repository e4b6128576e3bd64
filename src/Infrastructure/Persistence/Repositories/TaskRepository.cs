using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.Tasks;
using MakCrm.Domain.Tasks;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class TaskRepository(MakCrmDbContext db) : ITaskRepository
{
    private static readonly Expression<Func<CrmTask, TaskDto>> ToDto = t => new TaskDto(
        t.Id,
        t.OrganizationId,
        t.SubjectType,
        t.SubjectId,
        t.Title,
        t.Description,
        t.AssigneeUserId,
        t.DueAt,
        t.RemindAt,
        t.DoneAt,
        t.DoneBy,
        t.CreatedBy,
        t.ReminderSentAt,
        t.CreatedAt,
        t.UpdatedAt,
        t.Version
    );

    public Task<CrmTask?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<CrmTask>().InScope(scope).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);

    public void Add(CrmTask task) => db.Set<CrmTask>().Add(task);

    public Task<TaskDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<CrmTask>()
            .AsNoTracking()
            .InScope(scope)
            .Where(t => t.Id == id)
            .Select(ToDto)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Contracts.ListTotal> TotalAsync(TaskListCriteria criteria, CancellationToken cancellationToken) =>
        Matching(criteria).CountAsync(db.Database, cancellationToken);

    private IQueryable<CrmTask> Matching(TaskListCriteria criteria) =>
        Filter(db.Set<CrmTask>().AsNoTracking().InScope(criteria.Scope), criteria.Filter);

    public async Task<IReadOnlyList<TaskDto>> ListAsync(TaskListCriteria criteria, CancellationToken cancellationToken)
    {
        var query = Matching(criteria);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            TaskSortField.DueAt => query.Page(t => t.DueAt, sort.Descending, after, take),
            TaskSortField.CreatedAt => query.Page(t => t.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.Select(ToDto).ToListCompiledAsync(db, cancellationToken);
    }

    private static IQueryable<CrmTask> Filter(IQueryable<CrmTask> query, TaskFilter filter)
    {
        query = query.WhereTextMatches(filter.Search, t => t.Title).CreatedWithin(filter.Created ?? CreatedWindow.None);
        if (filter.AssigneeUserId is { } assignee)
        {
            query = query.Where(t => t.AssigneeUserId == assignee);
        }

        if (filter.SubjectType is { } subjectType)
        {
            query = query.Where(t => t.SubjectType == subjectType);
        }

        if (filter.SubjectId is { } subjectId)
        {
            query = query.Where(t => t.SubjectId == subjectId);
        }

        if (filter.Done is { } done)
        {
            query = done ? query.Where(t => t.DoneAt != null) : query.Where(t => t.DoneAt == null);
        }

        if (filter.DueFrom is { } from)
        {
            query = query.Where(t => t.DueAt >= from);
        }

        if (filter.DueTo is { } to)
        {
            query = query.Where(t => t.DueAt < to);
        }

        if (filter.Overdue is { } overdue)
        {
            var now = filter.Now;
            query = overdue
                ? query.Where(t => t.DoneAt == null && t.DueAt < now)
                : query.Where(t => t.DoneAt != null || t.DueAt >= now);
        }

        return query;
    }
}
