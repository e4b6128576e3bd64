using MakCrm.Domain.Access;

namespace MakCrm.Application.Common;

/// <summary>
/// A kind of record that is given to somebody (a lead's or a deal's responsible user, a task's assignee), named by
/// the permissions that let a user see one: <see cref="ReadOwn"/> for its organization's records, <see cref="ReadAll"/>
/// for every organization's. A task goes to its assignee's organization (<see cref="FollowsAssignee"/>), so only users
/// of that organization can be given it there.
/// </summary>
public sealed record AssignedRecord(string Kind, string ReadOwn, string ReadAll, bool FollowsAssignee)
{
    public static AssignedRecord Lead { get; } = new("lead", Permissions.LeadsReadOwn, Permissions.LeadsReadAll, false);

    public static AssignedRecord Deal { get; } = new("deal", Permissions.DealsReadOwn, Permissions.DealsReadAll, false);

    public static AssignedRecord Task { get; } = new("task", Permissions.TasksReadOwn, Permissions.TasksReadAll, true);

    public static IReadOnlyList<AssignedRecord> All { get; } = [Lead, Deal, Task];

    /// <summary>
    /// Whether the user may be given a record of this kind that belongs to <paramref name="organizationId"/>: their
    /// organization's with <see cref="ReadOwn"/>, any with <see cref="ReadAll"/> — unless the record follows its
    /// assignee, when only users of that organization qualify (the task would otherwise move away from it).
    /// </summary>
    public bool MayBeGivenTo(AssignableUser user, Guid organizationId) =>
        user.OrganizationId == organizationId ? user.ReadsOwn || user.ReadsAll : user.ReadsAll && !FollowsAssignee;
}

/// <summary>
/// Whom a record may be given to — a task's assignee, a deal's or a lead's responsible user: an active user (not
/// disabled, of an active organization) who may see that record through the role matrix (see
/// <see cref="AssignedRecord.MayBeGivenTo"/>). Every kind of record asks this one rule, and the assignee pickers list
/// exactly the users it accepts (<see cref="IUserDirectory.ListAssignableAsync"/>), so a refusal is the same
/// everywhere: a 400 on the field.
/// </summary>
internal sealed class Assignees(IUserDirectory users, ICurrentActor actor)
{
    /// <param name="organizationId">The organization the record belongs to; for a record that follows its assignee
    /// (a task), null: the assignee's own, which must be one the caller sees.</param>
    /// <param name="field">The request's field that named the user, for the error.</param>
    public async Task<Result<ActiveUser>> FindAsync(
        Guid userId,
        AssignedRecord record,
        Guid? organizationId,
        string field,
        CancellationToken cancellationToken
    )
    {
        var user = await users.FindAssignableAsync(userId, record.ReadOwn, record.ReadAll, cancellationToken);
        if (user is null)
        {
            return Error.Validation(field, $"No active user has the id {userId}.");
        }

        var recordOrganization = organizationId ?? user.OrganizationId;
        if (organizationId is null && !DataScope.For(actor, record.ReadAll).Includes(user.OrganizationId))
        {
            return Error.Validation(field, $"No active user of your organization has the id {userId}.");
        }

        return record.MayBeGivenTo(user, recordOrganization)
            ? new ActiveUser(user.Id, user.OrganizationId)
            : Error.Validation(
                field,
                $"The user {userId} cannot see such a record of this organization, so it cannot be given to them."
            );
    }
}
