using MakCrm.Infrastructure.Persistence;
using Npgsql;

namespace MakCrm.Infrastructure.Auditing;

/// <summary>
/// Audit lines as prepared single-row INSERTs, the one way they are written: a save sends them in its batch
/// (<see cref="SaveBatchInterceptor"/>), a worker that writes without the change tracker sends them itself.
/// </summary>
internal static class AuditEventInserts
{
    private const string Sql = """
        INSERT INTO audit_events (id, occurred_at, kind, action, actor_user_id, actor_client_id, organization_id,
            entity_type, entity_id, changes, ip_address, trace_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        """;

    public static async Task WriteAsync(
        NpgsqlConnection connection,
        IReadOnlyList<AuditEvent> events,
        CancellationToken cancellationToken
    )
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var auditEvent in events)
        {
            batch.BatchCommands.Add(Insert(auditEvent));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public static NpgsqlBatchCommand Insert(AuditEvent e) =>
        new(Sql)
        {
            Parameters =
            {
                SqlParameters.Uuid(e.Id),
                SqlParameters.Instant(e.OccurredAt),
                SqlParameters.Text(e.Kind),
                SqlParameters.Text(e.Action),
                SqlParameters.Uuid(e.ActorUserId),
                SqlParameters.Text(e.ActorClientId),
                SqlParameters.Uuid(e.OrganizationId),
                SqlParameters.Text(e.EntityType),
                SqlParameters.Uuid(e.EntityId),
                SqlParameters.Jsonb(e.Changes),
                SqlParameters.Text(e.IpAddress),
                SqlParameters.Text(e.TraceId),
            },
        };
}
