namespace MakCrm.Domain.Access;

/// <summary>
/// Who may manage a user account (invite, change its role, deactivate or reactivate it, reset its two-factor
/// authentication): head office (<see cref="Permissions.UsersManage"/>) manages the users of every organization; the
/// owner of an organization (<see cref="Permissions.UsersManageOwn"/>) manages the colleagues of its own organization,
/// never itself, so that an organization cannot lose its last manager.
/// </summary>
public sealed record OnlyManagersManageUsers(UserManager Manager, Guid TargetOrganizationId, Guid? TargetUserId)
    : IBusinessRule
{
    public bool IsBroken() =>
        !Manager.ManagesAll
        && !(Manager.ManagesOwn && Manager.IsOwnerOf(TargetOrganizationId) && TargetUserId != Manager.UserId);

    public Error Error =>
        new(
            ErrorCodes.Forbidden,
            "Only head office or the organization's owner manages its users.",
            ErrorKind.Forbidden
        );
}

/// <summary>
/// A role given to a user (by an invitation or a change of role) must be one the organization's kind allows:
/// head-office
/// roles only at head office, so that an owner cannot make a colleague an admin.
/// </summary>
public sealed record RoleMustFitOrganization(string Role, Organizations.OrganizationKind Kind) : IBusinessRule
{
    public bool IsBroken() => !Roles.AllowedIn(Kind).Contains(Role);

    public Error Error =>
        new(
            ErrorCodes.RoleNotAllowed,
            $"The role '{Role}' cannot be given in this organization; allowed: "
                + $"{string.Join(", ", Roles.AllowedIn(Kind))}.",
            ErrorKind.Validation
        );
}

/// <summary>
/// The user who manages accounts, as the rules see them: whether the role holds <see cref="Permissions.UsersManage"/>
/// or <see cref="Permissions.UsersManageOwn"/>, and the organization it owns, if any.
/// </summary>
public sealed record UserManager(
    Guid UserId,
    Guid OrganizationId,
    bool ManagesAll,
    bool ManagesOwn,
    Guid? OwnedOrganizationId
)
{
    public bool IsOwnerOf(Guid organizationId) =>
        OwnedOrganizationId == organizationId && OrganizationId == organizationId;
}
