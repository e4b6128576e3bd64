using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Common;

/// <summary>
/// Whom a record may be given to — a task's assignee, a deal's or a lead's responsible user: an active user of the
/// caller's organization, or of any organization when the caller sees every record of that kind (head office). Every
/// kind of record asks this one rule, so another organization's user and an id that is no active user get the same
/// answer everywhere: a 400 on the field.
/// </summary>
internal sealed class Assignees(IUserDirectory users, ICurrentActor actor)
{
    /// <param name="readAllPermission">The permission to see every organization's records of this kind.</param>
    /// <param name="field">The request's field that named the user, for the error.</param>
    public async Task<Result<ActiveUser>> FindAsync(Guid userId, string readAllPermission, string field, CancellationToken cancellationToken)
    {
        var user = await users.FindActiveAsync(userId, cancellationToken);
        return user is not null && DataScope.For(actor, readAllPermission).Includes(user.OrganizationId)
            ? user
            : Error.Validation(field, $"No active user of your organization has the id {userId}.");
    }
}
