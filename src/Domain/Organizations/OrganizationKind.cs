namespace MakCrm.Domain.Organizations;

public enum OrganizationKind
{
    HeadOffice,
    Partner,
    Franchisee,
}
