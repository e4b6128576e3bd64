namespace MakCrm.Domain.LeadReturns;

/// <summary>Why a franchisee returns a lead; <see cref="Other"/> needs a comment.</summary>
public enum LeadReturnReason
{
    Unreachable,
    Duplicate,
    NotCreditworthy,
    Other,
}

public enum LeadReturnStatus
{
    /// <summary>Waiting for head office's decision.</summary>
    Requested,
    Accepted,
    Rejected,
}
