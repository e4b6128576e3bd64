using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.Ledger;
using MakCrm.Contracts;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// Fills in the data of events that a raw-SQL writer raised without it (the bid's single statement cannot put a
/// ledger entry in the API's wire format): before numbering, the sequencer has the committed resource read as the API
/// reads it, its users named, and written as its record with the API's JSON (<see cref="WireJson"/>), so that such an
/// event is as exact as one the outbox wrote. Only resources that never change once written are raised this way
/// (<see cref="Renderable"/>): read later, they are still what the change committed.
/// </summary>
[Scoped]
internal sealed class EventDataRenderer(MakCrmDbContext db, IUserNameDirectory names)
{
    /// <summary>The resource types whose events may be raised without data: append-only ones.</summary>
    public static readonly IReadOnlySet<string> Renderable = new HashSet<string>(StringComparer.Ordinal)
    {
        "ledger_entry",
    };

    /// <summary>The events waiting for their data, oldest first, up to <c>$1</c>; read by the sequencer with its
    /// lock.</summary>
    public const string Pending = """
        SELECT id, resource_type, resource_id, actor_user_id FROM events
        WHERE sequence IS NULL AND data IS NULL ORDER BY position LIMIT $1
        """;

    private const string Fill = """
        UPDATE events e SET data = f.data::json, actor_display_name = COALESCE(e.actor_display_name,
            f.actor_display_name)
        FROM unnest($1::uuid[], $2::text[], $3::text[]) AS f(id, data, actor_display_name)
        WHERE e.id = f.id
        """;

    /// <summary>An event waiting for its data, as <see cref="Pending"/> reads it.</summary>
    public sealed record PendingEvent(Guid Id, string ResourceType, Guid ResourceId, Guid? Actor);

    /// <summary>Reads a row of <see cref="Pending"/>.</summary>
    public static async Task<PendingEvent> ReadPendingAsync(
        NpgsqlDataReader reader,
        CancellationToken cancellationToken
    ) =>
        new(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetGuid(2),
            await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetGuid(3)
        );

    /// <summary>Fills in the data of <paramref name="pending"/> (read by <see cref="Pending"/>), in the sequencer's
    /// transaction.</summary>
    public async Task RenderAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<PendingEvent> pending,
        CancellationToken cancellationToken
    )
    {
        var unknown = pending
            .Where(p => !Renderable.Contains(p.ResourceType))
            .Select(p => p.ResourceType)
            .FirstOrDefault();
        if (unknown is not null)
        {
            throw new InvalidOperationException(
                $"An event of a '{unknown}' was raised without its data, and only append-only resources may be."
            );
        }

        var ids = pending.Select(p => p.ResourceId).ToList();
        var entries = await db.Set<Domain.Ledger.LedgerEntry>()
            .AsNoTracking()
            .Where(e => ids.Contains(e.Id))
            .Select(LedgerReader.ToDto)
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        var userNames = new UserNames(
            await names.DisplayNamesAsync(
                entries
                    .Values.SelectMany(e => e.UserIds())
                    .Concat(pending.Select(p => p.Actor))
                    .OfType<Guid>()
                    .ToHashSet(),
                cancellationToken
            )
        );

        await using var fill = new NpgsqlCommand(Fill, connection, transaction)
        {
            Parameters =
            {
                SqlParameters.Array(NpgsqlDbType.Uuid, pending.Select(p => p.Id)),
                SqlParameters.Array(
                    NpgsqlDbType.Text,
                    pending.Select(p =>
                        entries.TryGetValue(p.ResourceId, out var entry)
                            ? WireJson.Serialize(Contracts.LedgerEntry.From((LedgerEntryDto)entry.WithNames(userNames)))
                            : throw new InvalidOperationException(
                                $"The ledger entry {p.ResourceId} of event {p.Id} is missing."
                            )
                    )
                ),
                SqlParameters.Array(NpgsqlDbType.Text, pending.Select(p => userNames.Of(p.Actor)?.DisplayName)),
            },
        };
        await fill.ExecuteNonQueryAsync(cancellationToken);
    }
}
