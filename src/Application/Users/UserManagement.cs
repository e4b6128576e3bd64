using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Users;

/// <summary>
/// What every change of another user's account checks first: the user exists (else 404, whichever organization it
/// is in), and the caller may manage it (<see cref="OnlyManagersManageUsers"/>: head office anyone, an owner its
/// colleagues, else 403), and nobody changes its own role or status or resets its own second factor.
/// </summary>
internal sealed class UserManagement(
    IUserAdministration users,
    IOrganizationRepository organizations,
    ICurrentActor actor
)
{
    public async Task<Result<(Contracts.User User, Organization Organization)>> TargetAsync(
        Guid userId,
        CancellationToken cancellationToken
    )
    {
        var user = await users.FindAsync(userId, DataScope.All, cancellationToken);
        if (user is null)
        {
            return Error.NotFound("User", userId);
        }

        var manager = await ManagerAsync(cancellationToken);
        foreach (
            var rule in new IBusinessRule[]
            {
                new OnlyManagersManageUsers(manager, user.OrganizationId, user.Id),
                new UsersDoNotManageThemselves(manager.UserId, user.Id),
            }
        )
        {
            if (rule.IsBroken())
            {
                return rule.Error;
            }
        }

        var organization = await organizations.FindAsync(user.OrganizationId, cancellationToken);
        return organization is null ? Error.NotFound("User", userId) : (user, organization);
    }

    /// <summary>The caller as the rules of managing users see it.</summary>
    public async Task<UserManager> ManagerAsync(CancellationToken cancellationToken)
    {
        var callerId = actor.UserId!.Value;
        return new UserManager(
            callerId,
            actor.OrganizationId,
            actor.Has(Permissions.UsersManage),
            actor.Has(Permissions.UsersManageOwn),
            await users.OwnedOrganizationAsync(callerId, cancellationToken)
        );
    }

    /// <summary>Whether the caller manages the users of the organization: 403 when not.</summary>
    public async Task<Result<Unit>> ManagesAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var rule = new OnlyManagersManageUsers(await ManagerAsync(cancellationToken), organizationId, null);
        return rule.IsBroken() ? rule.Error : Unit.Value;
    }
}

/// <summary>
/// A manager does not change its own role or status, nor reset its own second factor: head office could otherwise
/// lock itself out, and an owner's own account is head office's to manage.
/// </summary>
internal sealed record UsersDoNotManageThemselves(Guid CallerId, Guid TargetUserId) : IBusinessRule
{
    public bool IsBroken() => CallerId == TargetUserId;

    public Error Error =>
        new(
            ErrorCodes.CannotManageOneself,
            "You cannot change your own role or status, nor reset your own two-factor authentication.",
            ErrorKind.Conflict
        );
}
