namespace MakCrm.Application.Common;

/// <summary>
/// A result that names users by id (a lead's responsible user, a task's assignee, an event's actor). The handler
/// pipeline looks all of a result's ids up at once (<see cref="UserNames"/>, one query for a whole page) and hands the
/// result their names, so no handler and no list row asks for a name on its own.
/// </summary>
public interface INamesUsers
{
    /// <summary>The ids to name (repeats and nulls allowed).</summary>
    IEnumerable<Guid?> UserIds();

    /// <summary>The same result with the users' names filled in.</summary>
    object WithNames(UserNames names);
}

/// <summary>The names of the users one result names, looked up together.</summary>
public sealed class UserNames(IReadOnlyDictionary<Guid, string> displayNames)
{
    /// <summary>
    /// The user named by the id; null for no id. Users are deactivated, never deleted, so every id a record keeps has a
    /// name; one that had none would be shown with an empty name rather than fail the response.
    /// </summary>
    public Contracts.UserRef? Of(Guid? id) =>
        id is { } userId ? new Contracts.UserRef(userId, displayNames.GetValueOrDefault(userId, "")) : null;

    /// <summary>The user named by an id a record always has.</summary>
    public Contracts.UserRef Of(Guid id) => new(id, displayNames.GetValueOrDefault(id, ""));
}
