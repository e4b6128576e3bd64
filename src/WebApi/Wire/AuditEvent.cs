using System.Text.Json.Nodes;
using MakCrm.Application.Audit;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class AuditEventMappings
{
    /// <summary>One line of the audit log (schema <c>AuditEvent</c>).</summary>
    extension(AuditEvent)
    {
        public static AuditEvent From(AuditEventDto e) =>
            new(
                e.Id,
                e.OccurredAt,
                e.Kind,
                e.Action,
                e.ActorUserId,
                e.ActorUser,
                e.ActorClientId,
                e.OrganizationId,
                e.EntityType,
                e.EntityId,
                e.Changes is { } changes ? JsonObject.Create(changes) : null,
                e.IpAddress,
                e.TraceId
            );
    }
}
