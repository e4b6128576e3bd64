using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Users;

/// <summary>
/// Sets whose rows a user sees (<see cref="UserVisibility"/>). Setting the visibility it has changes nothing, so the
/// request is idempotent. The user keeps its sign-ins: the visibility is read with its standing on every request, and
/// a change reaches every instance as a change of standing does.
/// </summary>
public sealed record SetUserVisibilityCommand(Guid UserId, VersionCheck IfMatch, UserVisibility Visibility)
    : ICommand<Contracts.User>,
        IChangesStanding;

internal sealed class SetUserVisibilityHandler(
    UserManagement management,
    IUserAdministration users,
    IEventOutbox events
) : ICommandHandler<SetUserVisibilityCommand, Contracts.User>
{
    public async Task<Result<Contracts.User>> Handle(
        SetUserVisibilityCommand command,
        CancellationToken cancellationToken
    )
    {
        await users.LockAsync(command.UserId, cancellationToken);
        var target = await management.TargetAsync(command.UserId, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var (user, _) = target.Value;
        var precondition = command.IfMatch.IfPresent(ContentTag.Of(user));
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }

        if (user.Visibility == command.Visibility)
        {
            return user;
        }

        var changed = await users.SetVisibilityAsync(user.Id, command.Visibility, cancellationToken);
        events.Raise(EventPayloads.UserUpdated, changed.OrganizationId, changed.Id, changed);
        return changed;
    }
}
