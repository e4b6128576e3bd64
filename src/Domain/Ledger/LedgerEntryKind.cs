namespace MakCrm.Domain.Ledger;

/// <summary>
/// Why a franchisee's balance moved. The sign of the amount follows the kind: deposits, hold releases and refunds add;
/// holds and charges subtract; adjustments go either way.
/// </summary>
public enum LedgerEntryKind
{
    /// <summary>Money head office received from the franchisee.</summary>
    Deposit,

    /// <summary>A correction by head office, with its reason.</summary>
    Adjustment,

    /// <summary>The amount of a leading bid, set aside until the bid is outbid or the lot closes.</summary>
    Hold,

    /// <summary>A hold given back: the bid was outbid, or the lot closed (a winner's hold is released and
    /// charged).</summary>
    HoldRelease,

    /// <summary>The price of a lot the franchisee won.</summary>
    Charge,

    /// <summary>A charge given back for a return head office accepted.</summary>
    Refund,
}
