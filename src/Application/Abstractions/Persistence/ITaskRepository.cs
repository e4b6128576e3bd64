using MakCrm.Application.Tasks;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Abstractions.Persistence;

public interface ITaskRepository
{
    /// <summary>The task to change, tracked; <c>null</c> when it does not exist, was deleted or is outside the
    /// scope.</summary>
    Task<CrmTask?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    void Add(CrmTask task);

    Task<TaskDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    Task<IReadOnlyList<TaskDto>> ListAsync(TaskListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>How many rows the list's filters match (its sort, cursor and size aside).</summary>
    Task<Contracts.ListTotal> TotalAsync(TaskListCriteria criteria, CancellationToken cancellationToken);
}
