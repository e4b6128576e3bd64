namespace MakCrm.Domain.Common;

/// <summary>
/// UUID v7 ids for rows written together at one instant. Ids made in the same millisecond differ only in their random
/// bits, so rows with one timestamp would list in random order by id; lists ordered by (time, id) — the ledger
/// statement — show these in the order they were written.
/// </summary>
public static class OrderedIds
{
    /// <summary>
    /// Two ids of the instant, the first ordered before the second: <see cref="Guid.CompareTo(Guid)"/> orders as
    /// PostgreSQL orders <c>uuid</c> (byte by byte in the text form's order).
    /// </summary>
    public static (Guid First, Guid Second) Pair(DateTimeOffset at)
    {
        var (a, b) = (Guid.CreateVersion7(at), Guid.CreateVersion7(at));
        return a.CompareTo(b) < 0 ? (a, b) : (b, a);
    }
}
