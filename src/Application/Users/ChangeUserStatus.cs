using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Users;

/// <summary>
/// Deactivates a user: it can no longer sign in, and every access token it holds is refused on its next request, on
/// every instance (the database notifies them when the change commits). Its sign-ins are revoked as well, so that a
/// reactivation needs a new sign-in. Deactivating a deactivated user changes nothing.
/// </summary>
public sealed record DeactivateUserCommand(Guid UserId) : ICommand<Contracts.User>, IChangesStanding;

/// <summary>Lets a deactivated user sign in again; reactivating an active user changes nothing.</summary>
public sealed record ReactivateUserCommand(Guid UserId) : ICommand<Contracts.User>;

internal sealed class DeactivateUserHandler(
    UserManagement management,
    IUserAdministration users,
    ISignIns signIns,
    IEventOutbox events
) : ICommandHandler<DeactivateUserCommand, Contracts.User>
{
    public async Task<Result<Contracts.User>> Handle(DeactivateUserCommand command, CancellationToken cancellationToken)
    {
        var target = await management.TargetAsync(command.UserId, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var user = target.Value.User;
        if (user.Status == Contracts.UserStatus.Deactivated)
        {
            return user;
        }

        var changed = await users.SetStatusAsync(user.Id, Contracts.UserStatus.Deactivated, cancellationToken);
        await signIns.RevokeAllAsync(user.Id, except: null, cancellationToken);
        events.Raise(EventPayloads.UserUpdated, changed.OrganizationId, changed.Id, changed);
        return changed;
    }
}

internal sealed class ReactivateUserHandler(UserManagement management, IUserAdministration users, IEventOutbox events)
    : ICommandHandler<ReactivateUserCommand, Contracts.User>
{
    public async Task<Result<Contracts.User>> Handle(ReactivateUserCommand command, CancellationToken cancellationToken)
    {
        var target = await management.TargetAsync(command.UserId, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var user = target.Value.User;
        if (user.Status == Contracts.UserStatus.Active)
        {
            return user;
        }

        var changed = await users.SetStatusAsync(user.Id, Contracts.UserStatus.Active, cancellationToken);
        events.Raise(EventPayloads.UserUpdated, changed.OrganizationId, changed.Id, changed);
        return changed;
    }
}
