namespace MakCrm.Infrastructure.Events;

/// <summary>
/// The statement that writes a transaction's raised events: one INSERT of parallel arrays (id, type, occurred_at,
/// organization_id, actor_user_id, actor_client_id, actor_display_name, resource_type, resource_id, data), in the order
/// raised. <see cref="EventOutbox"/> sends it; the lead benchmark's baseline sends the same statement.
/// </summary>
public static class EventInserts
{
    public const string Insert = """
        INSERT INTO events (id, type, occurred_at, organization_id, actor_user_id, actor_client_id, actor_display_name,
            resource_type, resource_id, data)
        SELECT id, type, occurred_at, organization_id, actor_user_id, actor_client_id, actor_display_name,
            resource_type, resource_id, data
        FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::uuid[], $6::text[], $7::text[],
            $8::text[], $9::uuid[], $10::json[])
            WITH ORDINALITY AS raised (id, type, occurred_at, organization_id, actor_user_id, actor_client_id,
                actor_display_name, resource_type, resource_id, data, raised_order)
        ORDER BY raised_order
        """;
}
