namespace MakCrm.Infrastructure.Auditing;

/// <summary>
/// One line of the read log: one subject's personal data shown to one caller. Kept apart from the audit log, which
/// is append-only for good: these lines are many (one per row of a list page) and are deleted after their retention
/// (<see cref="PersonalDataReadOptions.Retention"/>).
/// </summary>
public sealed class PersonalDataRead
{
    public Guid Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public Guid? ActorUserId { get; set; }

    public string? ActorClientId { get; set; }

    public Guid? OrganizationId { get; set; }

    public string SubjectType { get; set; } = "";

    public Guid SubjectId { get; set; }

    public string Access { get; set; } = "";

    public string? IpAddress { get; set; }

    public string? TraceId { get; set; }
}
