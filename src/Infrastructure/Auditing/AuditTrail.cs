using System.Text.Json;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Auditing;

/// <summary>Adds audit events to the current unit of work, stamped with who and where the request came from.</summary>
[Scoped]
public sealed class AuditTrail(MakCrmDbContext db, IRequestContext request, TimeProvider clock)
{
    /// <summary>A security event, written at once: a refused sign-in has no other change to ride with.</summary>
    public async Task SecurityAsync(string action, Guid? userId, object? details, CancellationToken cancellationToken)
    {
        Add(Security(action, userId, details));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A security event that belongs to a change: it is saved, or not, with that change.</summary>
    public AuditEvent Security(string action, Guid? userId, object? details) =>
        Create(
            AuditEvent.Security,
            action,
            null,
            null,
            details is null ? null : JsonSerializer.Serialize(details),
            userId
        );

    public void Add(AuditEvent auditEvent) => db.Set<AuditEvent>().Add(auditEvent);

    /// <param name="changes">The JSON object of the changed fields (see AuditLines).</param>
    internal AuditEvent Data(string action, string entityType, Guid entityId, string changes) =>
        Create(AuditEvent.Data, action, entityType, entityId, changes, null);

    /// <summary>
    /// A data event of work no request made (an import's end), written by the worker in its own transaction through
    /// <see cref="AuditEventInserts"/>: the actor is whom the work acts for, and there is no address or trace.
    /// </summary>
    internal static AuditEvent OfWorker(
        string action,
        Guid? actorUserId,
        Guid? organizationId,
        string entityType,
        Guid entityId,
        string changes,
        DateTimeOffset at
    ) =>
        new()
        {
            Id = Guid.CreateVersion7(at),
            OccurredAt = at,
            Kind = AuditEvent.Data,
            Action = action,
            ActorUserId = actorUserId,
            OrganizationId = organizationId,
            EntityType = entityType,
            EntityId = entityId,
            Changes = changes,
        };

    private AuditEvent Create(
        string kind,
        string action,
        string? entityType,
        Guid? entityId,
        string? changes,
        Guid? userId
    ) =>
        new()
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            OccurredAt = clock.GetUtcNow(),
            Kind = kind,
            Action = action,
            ActorUserId = userId ?? request.UserId,
            ActorClientId = request.ClientId,
            OrganizationId = request.OrganizationId,
            EntityType = entityType,
            EntityId = entityId,
            Changes = changes,
            IpAddress = request.IpAddress,
            TraceId = request.TraceId,
        };
}
