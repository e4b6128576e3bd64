namespace MakCrm.Domain.Organizations;

public enum OrganizationStatus
{
    Pending,
    Active,
    Blocked,
    Rejected,
}
