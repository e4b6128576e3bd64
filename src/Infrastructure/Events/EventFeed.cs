using MakCrm.Application.Abstractions.Events;
using MakCrm.Infrastructure.Persistence;
using Npgsql;

namespace MakCrm.Infrastructure.Events;

/// <summary>Reads numbered events in order, filtered by what the reader may see
/// (<see cref="EventVisibility"/>).</summary>
[Singleton]
internal sealed class EventFeed(NpgsqlDataSource dataSource) : IEventFeed
{
    internal const string Columns =
        "id, sequence, type, occurred_at, organization_id, actor_user_id, actor_client_id, actor_display_name, "
        + "resource_type, resource_id, data::text";

    private const string Read = $"""
        SELECT {Columns} FROM events
        WHERE sequence > $1 AND (type = ANY($2) OR (organization_id = $3 AND type = ANY($4)))
        ORDER BY sequence
        LIMIT $5
        """;

    public async Task<IReadOnlyList<EventRecord>> ReadAsync(
        EventVisibility visibility,
        long after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var command = dataSource.CreateCommand(Read);
        command.Parameters.Add(new NpgsqlParameter { Value = after });
        command.Parameters.Add(SqlParameters.TextArray(visibility.AllTypes));
        command.Parameters.Add(SqlParameters.Uuid(visibility.OrganizationId));
        command.Parameters.Add(SqlParameters.TextArray(visibility.OwnTypes));
        command.Parameters.Add(SqlParameters.Integer(limit));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<long> PurgedThroughAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT purged_through FROM event_horizon WHERE id = 1");
        return await command.ExecuteScalarAsync(cancellationToken) is long purged ? purged : 0;
    }

    /// <summary>The events a command selecting <see cref="Columns"/> returns.</summary>
    internal static async Task<IReadOnlyList<EventRecord>> ReadAllAsync(
        NpgsqlCommand command,
        CancellationToken cancellationToken
    )
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAllAsync(reader, cancellationToken);
    }

    /// <summary>The events of the reader's current result, which selects <see cref="Columns"/>.</summary>
    internal static async Task<IReadOnlyList<EventRecord>> ReadAllAsync(
        NpgsqlDataReader reader,
        CancellationToken cancellationToken
    )
    {
        var events = new List<EventRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(
                new EventRecord(
                    reader.GetGuid(0),
                    reader.GetInt64(1),
                    reader.GetString(2),
                    await reader.GetFieldValueAsync<DateTimeOffset>(3, cancellationToken),
                    reader.GetGuid(4),
                    await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetGuid(5),
                    await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetString(6),
                    await reader.IsDBNullAsync(7, cancellationToken) ? null : reader.GetString(7),
                    reader.GetString(8),
                    reader.GetGuid(9),
                    reader.GetString(10)
                )
            );
        }

        return events;
    }
}
