namespace MakCrm.Domain.Access;

/// <summary>
/// Whose leads, deals, tasks and clients a user sees within what its permissions let it read. An organization's
/// owner (or head office) sets it for a colleague; it narrows what the user's role reads, never widens it.
/// </summary>
public enum UserVisibility
{
    /// <summary>Every row its permissions reach: the default, so a user made before visibility existed is
    /// unchanged.</summary>
    Organization,

    /// <summary>The rows whose responsible (a task's assignee) is the user or a member of one of its teams.</summary>
    Team,

    /// <summary>The rows whose responsible (a task's assignee) is the user.</summary>
    Assigned,
}
