namespace MakCrm.Infrastructure.Points;

/// <summary>
/// A line of a user's points ledger (table <c>points_entries</c>, append-only): an award or a reversal, keyed by
/// (rule, source, user, kind) so that an event read twice writes once, numbered per user with the balance after it.
/// </summary>
internal sealed class PointsEntryRow
{
    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public long EntryNo { get; private set; }

    /// <summary><c>award</c> or <c>reversal</c>.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>The rule's source kind (<c>lead_submitted</c>, ...).</summary>
    public string Rule { get; private set; } = "";

    /// <summary>What was awarded for: a lead's id, a deal's id and issue number, ...</summary>
    public string Source { get; private set; } = "";

    public int Points { get; private set; }

    /// <summary><c>daily_cap</c> when the award was cut to what the day's cap left; otherwise <c>null</c>.</summary>
    public string? Reason { get; private set; }

    public long BalanceAfter { get; private set; }

    /// <summary>The event the entry was written for.</summary>
    public Guid EventId { get; private set; }

    /// <summary>When the source happened (the event's time).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The Moscow calendar day of <see cref="OccurredAt"/>: the day of the daily cap and the leaderboard's
    /// month.</summary>
    public DateOnly AwardedOn { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
}

/// <summary>How far the points awarder has followed the event feed (table <c>points_cursor</c>, one row).</summary>
internal sealed class PointsCursorRow
{
    public int Id { get; private set; }

    public long LastSequence { get; private set; }
}
