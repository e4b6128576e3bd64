namespace MakCrm.Domain.Pipelines;

/// <summary>
/// The chance, in whole percent (0–100), that a deal in a stage is won. The won stage is always 100 and the lost stage
/// 0. A working stage may have one set; while it has none (<c>null</c>), forecasts use its place among the working
/// stages: the p-th of n is round(100 × p / (n + 1)), so that later stages weigh more and none reaches 0 or 100.
/// </summary>
public static class WinProbability
{
    public const int Min = 0;
    public const int Max = 100;

    public static bool IsValid(int? percent) => percent is null or (>= Min and <= Max);

    /// <summary>What a stage of this kind has when it is made: fixed for the system stages, unset for a working
    /// one.</summary>
    public static int? Initial(StageKind kind) =>
        kind switch
        {
            StageKind.Won => Max,
            StageKind.Lost => Min,
            _ => null,
        };

    /// <summary>The percent a forecast weighs a stage's deals by.</summary>
    /// <param name="workingPosition">The stage's 1-based place among the working stages (ignored for system
    /// stages).</param>
    public static int Effective(StageKind kind, int? set, int workingPosition, int workingCount) =>
        Initial(kind)
        ?? set
        ?? (int)Math.Round(Max * (decimal)workingPosition / (workingCount + 1), MidpointRounding.AwayFromZero);
}

/// <summary>The won and lost stages' probabilities are fixed (100 and 0): forecasts and win rates rely on
/// them.</summary>
public sealed class SystemStageProbabilityIsFixed(PipelineStage stage, int? wanted) : IBusinessRule
{
    public bool IsBroken() => stage.IsSystem && wanted != stage.WinProbability;

    public Error Error =>
        new(
            ErrorCodes.SystemStageProtected,
            $"'{stage.Name}' is the pipeline's {stage.Kind.ToString().ToLowerInvariant()} stage; its win probability "
                + $"is always {stage.WinProbability}.",
            ErrorKind.Conflict
        );
}
