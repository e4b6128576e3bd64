using System.Text.Json.Nodes;
using MakCrm.Application.Audit;

namespace MakCrm.WebApi.Contracts;

/// <summary>One line of the audit log (schema <c>AuditEvent</c>).</summary>
public sealed partial record AuditEvent
{
    public static AuditEvent From(AuditEventDto e) =>
        new(e.Id, e.OccurredAt, e.Kind, e.Action, e.ActorUserId, e.ActorUser, e.ActorClientId, e.OrganizationId, e.EntityType, e.EntityId, e.Changes is { } changes ? JsonObject.Create(changes) : null, e.IpAddress, e.TraceId);
}

public sealed partial record AuditEventPage
{
    public static AuditEventPage From(MakCrm.Application.Common.Page<AuditEventDto> page) => new(page.Items.Select(AuditEvent.From).ToList(), page.NextCursor);
}
