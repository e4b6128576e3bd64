namespace MakCrm.Domain.Organizations;

/// <summary>Head office is never blocked nor deleted: every administrator belongs to it, so nobody could undo
/// it.</summary>
public sealed record HeadOfficeIsNeverBlockedOrDeleted(bool IsHeadOffice) : IBusinessRule
{
    public bool IsBroken() => IsHeadOffice;

    public Error Error =>
        new(ErrorCodes.HeadOfficeProtected, "Head office cannot be blocked or deleted.", ErrorKind.Conflict);
}

/// <summary>Only an active (or already blocked) organization is blocked: a pending registration is decided instead, a
/// rejected one stays rejected.</summary>
public sealed record OnlyActiveOrganizationsAreBlocked(OrganizationStatus Status) : IBusinessRule
{
    public bool IsBroken() => Status is not (OrganizationStatus.Active or OrganizationStatus.Blocked);

    public Error Error =>
        new(
            ErrorCodes.OrganizationNotActive,
            $"The organization is {Status.ToString().ToLowerInvariant()}; only an active one can be blocked.",
            ErrorKind.Conflict
        );
}

/// <summary>Only a blocked (or already active) organization is unblocked: unblocking must not approve a pending
/// registration.</summary>
public sealed record OnlyBlockedOrganizationsAreUnblocked(OrganizationStatus Status) : IBusinessRule
{
    public bool IsBroken() => Status is not (OrganizationStatus.Blocked or OrganizationStatus.Active);

    public Error Error =>
        new(
            ErrorCodes.OrganizationNotBlocked,
            $"The organization is {Status.ToString().ToLowerInvariant()}; only a blocked one can be unblocked.",
            ErrorKind.Conflict
        );
}

/// <summary>An organization is deleted for good only from the trash, so that a deletion is always two deliberate
/// steps.</summary>
public sealed record OnlyTrashedOrganizationsArePurged(bool InTrash) : IBusinessRule
{
    public bool IsBroken() => !InTrash;

    public Error Error =>
        new(
            ErrorCodes.OrganizationNotInTrash,
            "Move the organization to the trash first; only then can it be deleted for good.",
            ErrorKind.Conflict
        );
}

/// <summary>
/// Who edits an organization's profile and claims its host names: head office
/// (<see cref="Access.Permissions.OrganizationsManage"/>)
/// any organization's; otherwise only the organization's owner, with
/// <see cref="Access.Permissions.OrganizationsEditOwn"/>.
/// </summary>
public sealed record OnlyOwnerOrHeadOfficeEditsOrganization(
    OrganizationEditor Editor,
    Guid OrganizationId,
    Guid? OwnerUserId
) : IBusinessRule
{
    public bool IsBroken() =>
        !Editor.ManagesAll
        && !(
            Editor.EditsOwn
            && Editor.OrganizationId == OrganizationId
            && Editor.UserId is { } user
            && user == OwnerUserId
        );

    public Error Error =>
        new(
            ErrorCodes.Forbidden,
            "Only the organization's owner or head office edits the organization.",
            ErrorKind.Forbidden
        );
}

/// <summary>The caller as <see cref="OnlyOwnerOrHeadOfficeEditsOrganization"/> sees it.</summary>
public sealed record OrganizationEditor(Guid? UserId, Guid OrganizationId, bool ManagesAll, bool EditsOwn);
