namespace MakCrm.Domain.Clients;

/// <summary>Where a client came from (specification 2.1.1).</summary>
public enum ClientSource
{
    Partner,
    LeadGeneration,
    ColdBase,
    External,
    PurchasedBase,
}
