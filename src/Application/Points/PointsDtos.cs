using MakCrm.Domain.Points;

namespace MakCrm.Application.Points;

public sealed record PointRuleSetDto(IReadOnlyList<PointRule> Rules, DateTimeOffset UpdatedAt, int Version)
    : Contracts.IVersioned
{
    public Guid Id => PointRuleSet.SingletonId;

    public static PointRuleSetDto From(PointRuleSet set) =>
        new(set.Rules.OrderBy(r => r.Kind).ToList(), set.UpdatedAt, set.Version);
}

public sealed record PointsSummaryDto(
    Guid UserId,
    long Balance,
    PointLevel Level,
    PointLevel? NextLevel,
    IReadOnlyList<PointBadge> Badges
);

public sealed record LeaderboardRowDto(Guid UserId, string DisplayName, long Points, int Rank);

/// <param name="Me">The caller's place; <c>null</c> when the caller has no points in the month or is not of the
/// role.</param>
/// <param name="Top">The first ten, for head office only.</param>
public sealed record LeaderboardDto(
    string Month,
    string Role,
    int Participants,
    LeaderboardRowDto? Me,
    IReadOnlyList<LeaderboardRowDto> Above,
    IReadOnlyList<LeaderboardRowDto> Below,
    IReadOnlyList<LeaderboardRowDto>? Top
);

public static class PointsEntrySorts
{
    public static SortCatalog<PointsEntrySortField, Contracts.PointsEntry> Catalog { get; } =
        new(
            "points-entries",
            "-recordedAt",
            ("recordedAt", PointsEntrySortField.RecordedAt, typeof(DateTimeOffset), e => e.RecordedAt)
        );
}

public enum PointsEntrySortField
{
    RecordedAt,
}

/// <summary>The points awarder and the level table: on or off on an instance, how often it looks, how many events a
/// round reads.</summary>
public sealed class PointsOptions
{
    public const string Section = "Mak:Points";

    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least time between two rounds of the awarder: the events numbered meanwhile are awarded together, so a busy
    /// feed costs a round a second instead of one per commit (points need not be instant).
    /// </summary>
    public TimeSpan MinRoundInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 200;

    /// <summary>The level table; empty for <see cref="PointLevels.Default"/>.</summary>
    public List<PointLevel> Levels { get; set; } = [];
}
