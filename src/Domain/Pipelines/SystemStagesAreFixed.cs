namespace MakCrm.Domain.Pipelines;

/// <summary>The won and lost stages keep their names, stay last and are never deleted: reports and closing depend on
/// them.</summary>
public sealed class SystemStagesAreFixed(PipelineStage stage, string change) : IBusinessRule
{
    public bool IsBroken() => stage.IsSystem;

    public Error Error =>
        new(
            ErrorCodes.SystemStageProtected,
            $"'{stage.Name}' is the pipeline's {stage.Kind.ToString().ToLowerInvariant()} stage; it cannot be "
                + $"{change}.",
            ErrorKind.Conflict
        );
}
