using MakCrm.Domain.Access;

namespace MakCrm.Application.Access;

/// <summary>Replaces the permissions of a role. Takes effect for signed-in users within seconds (see
/// PermissionMatrix).</summary>
/// <remarks><c>If-Match</c> is the role matrix's ETag (<see cref="RoleMatrixTag"/>): a change made since the matrix was
/// read, to any role, is a 412.</remarks>
public sealed record SetRolePermissionsCommand(
    string Role,
    VersionCheck IfMatch,
    IReadOnlyList<string> Permissions,
    bool? RequiresTwoFactor = null
) : ICommand<Contracts.Role>;

/// <summary>The entity tag of the role matrix: its roles' content.</summary>
public static class RoleMatrixTag
{
    public static string Of(IReadOnlyList<Contracts.Role> roles) => ContentTag.Of(roles);
}

internal sealed class SetRolePermissionsValidator : AbstractValidator<SetRolePermissionsCommand>
{
    public SetRolePermissionsValidator()
    {
        RuleFor(c => c.Permissions).NotNull().WithMessage("Must be a list of permissions.");
        RuleForEach(c => c.Permissions)
            .Must(p => Domain.Access.Permissions.All.Contains(p))
            .WithMessage($"Must be one of: {string.Join(", ", Domain.Access.Permissions.All)}.");
        RuleFor(c => c)
            .Must(c => c.Role != Roles.Admin || Domain.Access.Permissions.All.All(c.Permissions.Contains))
            .WithName("permissions")
            .OverridePropertyName("permissions")
            .WithMessage(
                "The admin role keeps every permission, so that nobody can lock the installation out of its own "
                    + "settings."
            );
    }
}

internal sealed class SetRolePermissionsHandler(IRoleAdministration roles)
    : ICommandHandler<SetRolePermissionsCommand, Contracts.Role>
{
    public async Task<Result<Contracts.Role>> Handle(
        SetRolePermissionsCommand command,
        CancellationToken cancellationToken
    )
    {
        if (command.IfMatch.Present)
        {
            await roles.LockAllAsync(cancellationToken);
            var precondition = command.IfMatch.IfPresent(RoleMatrixTag.Of(await roles.ListAsync(cancellationToken)));
            if (!precondition.IsSuccess)
            {
                return precondition.Error!;
            }
        }

        return
            await roles.SetPermissionsAsync(
                command.Role,
                command.Permissions.Distinct(StringComparer.Ordinal).ToList(),
                command.RequiresTwoFactor,
                cancellationToken
            )
                is { } role
            ? role
            : new Error(ErrorCodes.NotFound, $"There is no role '{command.Role}'.", ErrorKind.NotFound);
    }
}
