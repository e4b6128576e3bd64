namespace MakCrm.Domain.Leads;

/// <summary>
/// The specification's lead statuses (новый, от партнёра, аукцион, не выкуплен, в работе, одобрен, выдан, отказ,
/// возврат). A fixed set for now; the CRM-core work makes statuses and their transitions configurable.
/// </summary>
public enum LeadStatus
{
    New,
    FromPartner,
    Auction,
    NotSold,
    InProgress,
    Approved,
    Issued,
    Rejected,
    Returned,
}
