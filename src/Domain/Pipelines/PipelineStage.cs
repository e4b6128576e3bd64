namespace MakCrm.Domain.Pipelines;

/// <summary>
/// A stage of a <see cref="Pipeline"/>: a working stage the admin names, orders and deletes, or one of the two system
/// stages (won, lost) that stay last. Changed only through its pipeline, which keeps the order consistent.
/// </summary>
public sealed class PipelineStage : AggregateRoot
{
    public const int MaxNameLength = 100;

    private PipelineStage() { }

    private PipelineStage(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public Guid PipelineId { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>1-based; the working stages come first, then won, then lost.</summary>
    public int Position { get; private set; }

    public StageKind Kind { get; private set; }

    public IReadOnlyList<StageTrigger> Triggers { get; private set; } = [];

    /// <summary>The chance, in percent, that a deal here is won (see <see cref="Pipelines.WinProbability"/>); null: not
    /// set.</summary>
    public int? WinProbability { get; private set; }

    public bool IsSystem => Kind != StageKind.Working;

    /// <summary>A deal that enters a won or lost stage is closed.</summary>
    public bool ClosesDeals => IsSystem;

    internal static PipelineStage Create(
        Guid id,
        Guid pipelineId,
        string name,
        StageKind kind,
        int position,
        IReadOnlyList<StageTrigger> triggers,
        DateTimeOffset now,
        int? winProbability = null
    ) =>
        new(id, now)
        {
            PipelineId = pipelineId,
            Name = TextNormalizer.Collapse(name),
            Kind = kind,
            Position = position,
            Triggers = Normalize(triggers),
            WinProbability = Pipelines.WinProbability.Initial(kind) ?? winProbability,
        };

    internal void Change(string name, IReadOnlyList<StageTrigger> triggers, int? winProbability, DateTimeOffset now)
    {
        var normalized = TextNormalizer.Collapse(name);
        var normalizedTriggers = Normalize(triggers);
        if (normalized == Name && normalizedTriggers.SequenceEqual(Triggers) && winProbability == WinProbability)
        {
            return;
        }

        Name = normalized;
        Triggers = normalizedTriggers;
        WinProbability = winProbability;
        Touch(now);
    }

    internal void MoveTo(int position, DateTimeOffset now)
    {
        if (position == Position)
        {
            return;
        }

        Position = position;
        Touch(now);
    }

    internal void Delete(DateTimeOffset now) => MarkDeleted(now);

    private static StageTrigger[] Normalize(IReadOnlyList<StageTrigger> triggers) =>
        triggers.Select(t => t.Normalized()).ToArray();
}
