namespace MakCrm.Domain.Targets;

/// <summary>Whose target: an organization's own, or one of its users'.</summary>
public enum SalesTargetLevel
{
    Organization,
    User,
}
