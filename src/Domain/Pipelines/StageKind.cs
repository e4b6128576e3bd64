namespace MakCrm.Domain.Pipelines;

/// <summary>A working stage, or one of the two system stages every pipeline ends with.</summary>
public enum StageKind
{
    Working,
    Won,
    Lost,
}
