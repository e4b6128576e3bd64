namespace MakCrm.Infrastructure.Auditing;

/// <summary>
/// One line of the append-only audit log: a security event (sign-ins, lockouts, token reuse) or a change to
/// business data with its before and after values. A database trigger refuses updates and deletes of these rows.
/// </summary>
public sealed class AuditEvent
{
    public const string Security = "security";
    public const string Data = "data";

    public Guid Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string Kind { get; set; } = Data;

    public string Action { get; set; } = "";

    public Guid? ActorUserId { get; set; }

    public string? ActorClientId { get; set; }

    public Guid? OrganizationId { get; set; }

    public string? EntityType { get; set; }

    public Guid? EntityId { get; set; }

    /// <summary>JSON: for data events <c>{"field": {"before": …, "after": …}}</c>; for security events
    /// details.</summary>
    public string? Changes { get; set; }

    public string? IpAddress { get; set; }

    public string? TraceId { get; set; }
}
