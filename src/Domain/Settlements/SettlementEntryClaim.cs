namespace MakCrm.Domain.Settlements;

/// <summary>
/// Which act holds a commission entry: one row per entry (its key), so no entry is ever in two acts at once. A draft
/// claims its entries, discarding it frees them, and a correction takes over the claims of the act it replaces.
/// </summary>
public sealed class SettlementEntryClaim
{
    private SettlementEntryClaim() { }

    public Guid EntryId { get; private set; }

    public Guid ActId { get; private set; }

    public static SettlementEntryClaim Of(Guid entryId, Guid actId) => new() { EntryId = entryId, ActId = actId };
}
