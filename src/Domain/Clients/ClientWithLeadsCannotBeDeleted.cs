namespace MakCrm.Domain.Clients;

/// <summary>A client whose leads are still there cannot be deleted: the leads would lose their borrower.</summary>
public sealed record ClientWithLeadsCannotBeDeleted(int ActiveLeadCount) : IBusinessRule
{
    public bool IsBroken() => ActiveLeadCount > 0;

    public Error Error =>
        new(
            ErrorCodes.ClientHasLeads,
            $"The client still has {ActiveLeadCount} lead(s); delete them first.",
            ErrorKind.Conflict
        );
}
