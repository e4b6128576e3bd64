namespace MakCrm.Infrastructure.Retention;

/// <summary>A subject whose personal data was destroyed, and by which run: what keeps it from being due
/// again.</summary>
public sealed class DestroyedSubjectRow
{
    public Guid SubjectId { get; init; }

    public string SubjectType { get; init; } = "";

    public Guid RunId { get; init; }

    public DateTimeOffset DestroyedAt { get; init; }
}
