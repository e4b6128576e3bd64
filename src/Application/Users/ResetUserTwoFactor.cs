using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Users;

/// <summary>
/// A manager turns a user's two-factor authentication off (a lost phone): the authenticator key and recovery codes are
/// forgotten and the user's sign-ins end, so that it signs in again with its password and enrols anew. Needs step-up.
/// Resetting a user without two-factor authentication changes nothing.
/// </summary>
public sealed record ResetUserTwoFactorCommand(Guid UserId) : ICommand<Contracts.User>;

internal sealed class ResetUserTwoFactorHandler(
    UserManagement management,
    IUserAdministration users,
    ISignIns signIns,
    IEventOutbox events
) : ICommandHandler<ResetUserTwoFactorCommand, Contracts.User>
{
    public async Task<Result<Contracts.User>> Handle(
        ResetUserTwoFactorCommand command,
        CancellationToken cancellationToken
    )
    {
        var target = await management.TargetAsync(command.UserId, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var user = target.Value.User;
        if (!user.TwoFactorEnabled)
        {
            return user;
        }

        var changed = await users.ResetTwoFactorAsync(user.Id, cancellationToken);
        await signIns.RevokeAllAsync(user.Id, except: null, cancellationToken);
        events.Raise(EventPayloads.UserUpdated, changed.OrganizationId, changed.Id, changed);
        return changed;
    }
}
