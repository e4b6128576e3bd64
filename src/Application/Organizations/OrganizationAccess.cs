using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

/// <summary>
/// Which organizations the caller sees and edits. Head office (<see cref="Permissions.OrganizationsManage"/>) sees
/// every
/// one; a member (<see cref="Permissions.OrganizationsReadOwn"/>) only its own, and any other is answered 404, as if it
/// did not exist. Editing is for head office or the organization's owner
/// (<see cref="OnlyOwnerOrHeadOfficeEditsOrganization"/>).
/// </summary>
internal static class OrganizationAccess
{
    public static bool CanSee(this ICurrentActor actor, Guid organizationId) =>
        actor.Has(Permissions.OrganizationsManage)
        || (actor.Has(Permissions.OrganizationsReadOwn) && actor.OrganizationId == organizationId);

    /// <summary>The organization when the caller may edit it; 404 when it cannot see it, 403 when it sees but may not
    /// edit it.</summary>
    public static Result<Organization> MayEdit(this ICurrentActor actor, Organization? organization, Guid id)
    {
        if (organization is null || !actor.CanSee(organization.Id))
        {
            return Error.NotFound("Organization", id);
        }

        var editor = new OrganizationEditor(
            actor.UserId,
            actor.OrganizationId,
            actor.Has(Permissions.OrganizationsManage),
            actor.Has(Permissions.OrganizationsEditOwn)
        );
        var rule = new OnlyOwnerOrHeadOfficeEditsOrganization(editor, organization.Id, organization.OwnerUserId);
        return rule.IsBroken() ? rule.Error : (Result<Organization>)organization;
    }
}
