using System.Text.Json;

namespace MakCrm.Application.Audit;

public sealed record AuditEventDto(
    Guid Id,
    DateTimeOffset OccurredAt,
    string Kind,
    string Action,
    Guid? ActorUserId,
    string? ActorClientId,
    Guid? OrganizationId,
    string? EntityType,
    Guid? EntityId,
    JsonElement? Changes,
    string? IpAddress,
    string? TraceId
) : INamesUsers
{
    /// <summary>The acting user with their name; filled by the pipeline (<see cref="INamesUsers"/>).</summary>
    public Contracts.UserRef? ActorUser { get; init; }

    public IEnumerable<Guid?> UserIds() => [ActorUserId];

    public object WithNames(UserNames names) => this with { ActorUser = names.Of(ActorUserId) };
}

public enum AuditSortField
{
    OccurredAt,
}

public sealed record AuditFilter(
    string? Kind,
    string? Action,
    Guid? ActorUserId,
    string? EntityType,
    Guid? EntityId,
    DateTimeOffset? From,
    DateTimeOffset? To
);

public sealed record AuditListCriteria(
    AuditFilter Filter,
    SortOption<AuditSortField> Sort,
    KeysetPosition? After,
    int Take
);

public static class AuditSorts
{
    public static SortCatalog<AuditSortField, AuditEventDto> Catalog { get; } =
        new(
            "audit-events",
            "-occurredAt",
            ("occurredAt", AuditSortField.OccurredAt, typeof(DateTimeOffset), e => e.OccurredAt)
        );
}
