using MakCrm.Application.Abstractions.Events;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Access;
using MakCrm.Domain.Events;

namespace MakCrm.Application.Users;

/// <summary>
/// Gives a user another role, one its organization's kind allows. Setting the role it has already changes nothing, so
/// the request is idempotent. A real change ends the user's sign-ins: their access tokens carry the old role.
/// </summary>
public sealed record ChangeUserRoleCommand(Guid UserId, VersionCheck IfMatch, string Role)
    : ICommand<Contracts.User>,
        IChangesStanding;

internal sealed class ChangeUserRoleValidator : AbstractValidator<ChangeUserRoleCommand>
{
    public ChangeUserRoleValidator() =>
        RuleFor(c => c.Role)
            .Must(r => Roles.DefaultMatrix.ContainsKey(r))
            .WithMessage($"Must be one of: {string.Join(", ", Roles.DefaultMatrix.Keys)}.");
}

internal sealed class ChangeUserRoleHandler(
    UserManagement management,
    IUserAdministration users,
    ISignIns signIns,
    IEventOutbox events
) : ICommandHandler<ChangeUserRoleCommand, Contracts.User>
{
    public async Task<Result<Contracts.User>> Handle(ChangeUserRoleCommand command, CancellationToken cancellationToken)
    {
        await users.LockAsync(command.UserId, cancellationToken);
        var target = await management.TargetAsync(command.UserId, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error!;
        }

        var (user, organization) = target.Value;
        var precondition = command.IfMatch.IfPresent(ContentTag.Of(user));
        if (!precondition.IsSuccess)
        {
            return precondition.Error!;
        }
        var fits = new RoleMustFitOrganization(command.Role, organization.Kind);
        if (fits.IsBroken())
        {
            return fits.Error;
        }

        if (user.Role == command.Role)
        {
            return user;
        }

        var changed = await users.ChangeRoleAsync(user.Id, command.Role, cancellationToken);
        await signIns.RevokeAllAsync(user.Id, except: null, cancellationToken);
        events.Raise(EventPayloads.UserUpdated, changed.OrganizationId, changed.Id, changed);
        return changed;
    }
}
