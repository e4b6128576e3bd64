namespace MakCrm.Domain.Points;

/// <summary>A level a user reaches at <see cref="Threshold"/> points of balance.</summary>
public sealed record PointLevel(int Number, string Name, long Threshold);

/// <summary>Where a user's balance puts them: their level and the next one (<c>null</c> at the top).</summary>
public sealed record PointStanding(PointLevel Level, PointLevel? Next);

/// <summary>The level table (from configuration, else <see cref="Default"/>), lowest first.</summary>
public sealed class PointLevels
{
    public static IReadOnlyList<PointLevel> Default { get; } =
    [
        new(1, "Новичок", 0),
        new(2, "Участник", 100),
        new(3, "Профи", 500),
        new(4, "Эксперт", 2_000),
        new(5, "Легенда", 10_000),
    ];

    private readonly IReadOnlyList<PointLevel> _levels;

    /// <summary>The table by threshold; the lowest level is reached at 0 whatever it says, so every balance has
    /// one.</summary>
    public PointLevels(IReadOnlyList<PointLevel> levels)
    {
        var ordered = (levels.Count == 0 ? Default : levels).OrderBy(l => l.Threshold).ToList();
        ordered[0] = ordered[0] with { Threshold = 0 };
        _levels = ordered;
    }

    public IReadOnlyList<PointLevel> All => _levels;

    /// <summary>The highest level the balance reaches (a negative balance stays at the first) and the one after
    /// it.</summary>
    public PointStanding For(long balance)
    {
        var index = 0;
        for (var i = 1; i < _levels.Count; i++)
        {
            if (balance >= _levels[i].Threshold)
            {
                index = i;
            }
        }

        return new PointStanding(_levels[index], index + 1 < _levels.Count ? _levels[index + 1] : null);
    }
}
