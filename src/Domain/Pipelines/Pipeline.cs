namespace MakCrm.Domain.Pipelines;

/// <summary>
/// A sales funnel (amoCRM's "воронка"): an ordered list of working stages followed by the system stages won and
/// lost. The pipeline owns the order of its stages: they are added, changed, reordered and deleted through it.
/// </summary>
public sealed class Pipeline : AggregateRoot
{
    public const int MaxNameLength = 100;
    public const string WonStageName = "Успешно реализовано";
    public const string LostStageName = "Закрыто и не реализовано";

    private readonly List<PipelineStage> _stages = [];

    private Pipeline() { }

    private Pipeline(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Name { get; private set; } = "";

    /// <summary>1-based place among the pipelines, 1..n without gaps.</summary>
    public int Position { get; private set; }

    public bool IsArchived { get; private set; }

    /// <summary>The live stages in order: the working ones, then won, then lost.</summary>
    public IReadOnlyList<PipelineStage> Stages =>
        _stages.Where(s => s.DeletedAt is null).OrderBy(s => s.Position).ToList();

    public IReadOnlyList<PipelineStage> WorkingStages => Stages.Where(s => !s.IsSystem).ToList();

    /// <param name="newId">Makes the ids of the stages.</param>
    public static Pipeline Create(
        Guid id,
        string name,
        int position,
        IReadOnlyList<string> workingStages,
        Func<Guid> newId,
        DateTimeOffset now
    )
    {
        var pipeline = new Pipeline(id, now) { Name = TextNormalizer.Collapse(name), Position = position };
        var stages = workingStages
            .Select(n => (n, StageKind.Working))
            .Append((WonStageName, StageKind.Won))
            .Append((LostStageName, StageKind.Lost));
        foreach (var (stageName, kind) in stages)
        {
            pipeline._stages.Add(
                PipelineStage.Create(newId(), id, stageName, kind, pipeline._stages.Count + 1, [], now)
            );
        }

        return pipeline;
    }

    public PipelineStage? FindStage(Guid stageId) => Stages.FirstOrDefault(s => s.Id == stageId);

    public void Update(string name, bool isArchived, DateTimeOffset now)
    {
        var normalized = TextNormalizer.Collapse(name);
        if (normalized == Name && isArchived == IsArchived)
        {
            return;
        }

        Name = normalized;
        IsArchived = isArchived;
        Touch(now);
    }

    public void MoveTo(int position, DateTimeOffset now)
    {
        if (position == Position)
        {
            return;
        }

        Position = position;
        Touch(now);
    }

    /// <param name="order">1-based place among the working stages; null puts it after the last one.</param>
    /// <param name="winProbability">The stage's win probability in percent; null leaves it unset.</param>
    public PipelineStage AddStage(
        Guid stageId,
        string name,
        IReadOnlyList<StageTrigger> triggers,
        int? order,
        DateTimeOffset now,
        int? winProbability = null
    )
    {
        var working = WorkingStages.ToList();
        var position = Math.Clamp(order ?? working.Count + 1, 1, working.Count + 1);
        var stage = PipelineStage.Create(stageId, Id, name, StageKind.Working, position, triggers, now, winProbability);
        working.Insert(position - 1, stage);
        var systems = Stages.Where(s => s.IsSystem).ToList();
        _stages.Add(stage);
        Renumber([.. working, .. systems], now);
        return stage;
    }

    /// <summary>
    /// Renames a working stage, sets or clears its win probability, and replaces any stage's triggers; a system stage
    /// keeps its name and its probability.
    /// </summary>
    public Result<Unit> ChangeStage(
        PipelineStage stage,
        string name,
        IReadOnlyList<StageTrigger> triggers,
        int? winProbability,
        DateTimeOffset now
    )
    {
        var fixedProbability = Check(new SystemStageProbabilityIsFixed(stage, winProbability));
        if (!fixedProbability.IsSuccess)
        {
            return fixedProbability;
        }

        if (TextNormalizer.Collapse(name) != stage.Name)
        {
            var fixedName = Check(new SystemStagesAreFixed(stage, "renamed"));
            if (!fixedName.IsSuccess)
            {
                return fixedName;
            }
        }

        stage.Change(name, triggers, winProbability, now);
        return Unit.Value;
    }

    /// <summary>Puts the working stages in the given order: it must name each of them exactly once, and nothing
    /// else.</summary>
    public Result<Unit> ReorderStages(IReadOnlyList<Guid> stageIds, DateTimeOffset now)
    {
        var working = WorkingStages;
        var byId = working.ToDictionary(s => s.Id);
        if (
            stageIds.Count != working.Count
            || stageIds.Distinct().Count() != stageIds.Count
            || !stageIds.All(byId.ContainsKey)
        )
        {
            var system = stageIds.Where(id => Stages.Any(s => s.IsSystem && s.Id == id)).ToList();
            var hint = system.Count > 0 ? " The won and lost stages always stay last and are not listed." : "";
            return Error.Validation(
                "stageIds",
                $"Must list each of the pipeline's {working.Count} working stage(s) exactly once: "
                    + $"{string.Join(", ", working.Select(s => s.Id))}.{hint}"
            );
        }

        Renumber([.. stageIds.Select(id => byId[id]), .. Stages.Where(s => s.IsSystem)], now);
        return Unit.Value;
    }

    /// <summary>Deletes a working stage (its deals must have been moved out first) and closes the gap.</summary>
    public Result<Unit> RemoveStage(PipelineStage stage, DateTimeOffset now)
    {
        var removable = Check(new SystemStagesAreFixed(stage, "deleted"));
        if (!removable.IsSuccess)
        {
            return removable;
        }

        stage.Delete(now);
        Renumber(Stages, now);
        return Unit.Value;
    }

    public void Delete(DateTimeOffset now)
    {
        foreach (var stage in Stages)
        {
            stage.Delete(now);
        }

        MarkDeleted(now);
    }

    private static void Renumber(IReadOnlyList<PipelineStage> ordered, DateTimeOffset now)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].MoveTo(i + 1, now);
        }
    }
}
