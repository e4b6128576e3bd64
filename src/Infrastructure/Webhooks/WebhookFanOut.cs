using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Common;
using MakCrm.Application.Webhooks;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Webhooks;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>
/// Follows the event feed by a stored cursor (<c>webhook_cursor</c>) and makes one delivery per enabled subscription
/// and event that the subscription's owner may see and asked for (its types, raised after it was created). The cursor
/// row is locked with <c>FOR UPDATE SKIP LOCKED</c>, so one instance fans out at a time and the others skip the round;
/// the deliveries and the cursor's move commit together, and the unique (subscription, event) makes a repeat harmless.
/// The worker may have the first deliveries made already claimed for itself, under the lease a claim would take: it
/// sends
/// them straight away, so a new delivery is written once before its attempt instead of once more by a claim.
/// </summary>
[Scoped]
public sealed class WebhookFanOut(
    MakCrmDbContext db,
    PermissionMatrix matrix,
    TimeProvider clock,
    IOptions<WebhookOptions> options
)
{
    private const string EnsureCursor =
        "INSERT INTO webhook_cursor (id, last_sequence) VALUES (1, 0) ON CONFLICT (id) DO NOTHING";

    private const string LockCursor = "SELECT last_sequence FROM webhook_cursor WHERE id = 1 FOR UPDATE SKIP LOCKED";

    // After the lock, in the same round trip: a statement of its own sees the cursor as the lock holder does.
    private const string ReadEvents =
        $"SELECT {EventFeed.Columns} FROM events WHERE sequence > (SELECT last_sequence FROM webhook_cursor WHERE id "
        + $"= 1) ORDER BY sequence LIMIT $1";

    private const string MoveCursor = "UPDATE webhook_cursor SET last_sequence = $1 WHERE id = 1";

    // The first $7 deliveries are made claimed (leased until $8); a repeat (the conflict) is neither made nor returned.
    private static readonly string InsertDeliveries = $"""
        INSERT INTO webhook_deliveries (id, subscription_id, event_id, message_id, event_type, body, status, attempts,
            next_attempt_at, created_at, lease_until)
        SELECT d.id, d.subscription_id, d.event_id, d.message_id, d.event_type, d.body,
               {EnumLiterals.Of(Contracts.WebhookDeliveryStatus.Pending)}, 0, $6, $6, CASE WHEN d.n <= $7 THEN $8 END
        FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::bytea[], $9::text[]) WITH ORDINALITY AS d(id,
            subscription_id, event_id, event_type, body, message_id, n)
        ON CONFLICT (subscription_id, event_id) DO NOTHING
        RETURNING id, lease_until IS NOT NULL
        """;

    /// <summary>What one batch of fan-out did: the events it followed and the deliveries it made claimed for the
    /// caller.</summary>
    /// <param name="Followed">How many events were followed; as many as a batch means more may be waiting.</param>
    /// <param name="Claimed">The deliveries made claimed, to be sent by the caller before their lease runs out.</param>
    /// <param name="LeftUnclaimed">Whether some deliveries were made unclaimed, for the next claim of due
    /// deliveries.</param>
    public sealed record Batch(int Followed, IReadOnlyList<WebhookDeliverer.Claimed> Claimed, bool LeftUnclaimed)
    {
        public static readonly Batch None = new(0, [], false);
    }

    /// <summary>One batch of fan-out whose deliveries are all made unclaimed, for the next claim of due
    /// deliveries.</summary>
    /// <returns>How many events were followed; as many as a batch means more may be waiting.</returns>
    public async Task<int> FanOutBatchAsync(CancellationToken cancellationToken) =>
        (await FanOutBatchAsync(0, cancellationToken)).Followed;

    /// <summary>One batch of fan-out, with up to <paramref name="claimUpTo"/> of the deliveries it makes claimed for
    /// the caller.</summary>
    public async Task<Batch> FanOutBatchAsync(int claimUpTo, CancellationToken cancellationToken)
    {
        // Nothing to do without an enabled subscription: no transaction, no locks (most installations, most of the
        // time).
        if (!await db.Set<WebhookSubscription>().AnyAsync(s => s.Enabled, cancellationToken))
        {
            return Batch.None;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        IReadOnlyList<EventRecord> events;
        await using (
            var start = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new(EnsureCursor),
                    new(LockCursor),
                    new(ReadEvents) { Parameters = { SqlParameters.Integer(options.Value.FanOutBatchSize) } },
                },
            }
        )
        await using (var reader = await start.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return Batch.None; // another instance is fanning out
            }

            await reader.NextResultAsync(cancellationToken);
            events = await EventFeed.ReadAllAsync(reader, cancellationToken);
        }

        if (events.Count == 0)
        {
            return Batch.None;
        }

        var subscribers = await SubscribersAsync(cancellationToken);
        var now = clock.UtcNowMicroseconds();
        var (ids, subscriptions, eventIds, types, bodies) = (
            new List<Guid>(),
            new List<Guid>(),
            new List<Guid>(),
            new List<string>(),
            new List<byte[]>()
        );
        foreach (var record in events)
        {
            byte[]? body = null;
            foreach (var subscriber in subscribers.Where(s => s.Wants(record)))
            {
                body ??= record.ToUtf8Json();
                ids.Add(clock.NewId());
                subscriptions.Add(subscriber.Id);
                eventIds.Add(record.Id);
                types.Add(record.Type);
                bodies.Add(body);
            }
        }

        var lease = now + options.Value.Lease;
        var messageIds = eventIds.Select(WebhookDeliveryRow.MessageIdOf).ToList();
        var claimed = new List<WebhookDeliverer.Claimed>();
        var leftUnclaimed = false;
        await using (var finish = new NpgsqlBatch(connection))
        {
            if (ids.Count > 0)
            {
                finish.BatchCommands.Add(
                    new NpgsqlBatchCommand(InsertDeliveries)
                    {
                        Parameters =
                        {
                            SqlParameters.Array(NpgsqlDbType.Uuid, ids),
                            SqlParameters.Array(NpgsqlDbType.Uuid, subscriptions),
                            SqlParameters.Array(NpgsqlDbType.Uuid, eventIds),
                            SqlParameters.TextArray(types),
                            SqlParameters.Array(NpgsqlDbType.Bytea, bodies),
                            SqlParameters.Instant(now),
                            SqlParameters.Integer(claimUpTo),
                            SqlParameters.Instant(lease),
                            SqlParameters.TextArray(messageIds),
                        },
                    }
                );
            }

            // The reader starts at the deliveries made (a statement without rows has no result of its own).
            finish.BatchCommands.Add(
                new NpgsqlBatchCommand(MoveCursor)
                {
                    Parameters = { new NpgsqlParameter { Value = events[^1].Sequence } },
                }
            );
            await using var reader = await finish.ExecuteReaderAsync(cancellationToken);
            var made = ids.Select((id, i) => (id, i)).ToDictionary(d => d.id, d => d.i);
            while (await reader.ReadAsync(cancellationToken))
            {
                var i = made[reader.GetGuid(0)];
                if (reader.GetBoolean(1))
                {
                    claimed.Add(
                        new WebhookDeliverer.Claimed(
                            ids[i],
                            subscriptions[i],
                            messageIds[i],
                            bodies[i],
                            0,
                            "pending",
                            lease
                        )
                    );
                }
                else
                {
                    leftUnclaimed = true;
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new Batch(events.Count, claimed, leftUnclaimed);
    }

    /// <summary>
    /// The enabled subscriptions with what each may see: an organization's, what its role may read (head office every
    /// organization's events, a partner or franchisee its own); an API client's, what its scopes allow within that.
    /// </summary>
    private async Task<List<Subscriber>> SubscribersAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<WebhookSubscription>()
            .AsNoTracking()
            .Where(s => s.Enabled)
            .Join(
                db.Set<Organization>(),
                s => s.OrganizationId,
                o => o.Id,
                (s, o) =>
                    new
                    {
                        s.Id,
                        s.OrganizationId,
                        s.ApiClientId,
                        s.EventTypes,
                        s.CreatedAt,
                        o.Kind,
                        o.Status,
                    }
            )
            .ToListAsync(cancellationToken);
        var clientIds = rows.Where(r => r.ApiClientId is not null).Select(r => r.ApiClientId!).Distinct().ToList();
        var clients =
            clientIds.Count == 0
                ? []
                : await db.Set<ApiClient>()
                    .AsNoTracking()
                    .Where(c => clientIds.Contains(c.ClientId))
                    .ToDictionaryAsync(c => c.ClientId, c => (c.Scopes, c.IsEnabled), cancellationToken);
        var subscribers = new List<Subscriber>(rows.Count);
        foreach (var row in rows.Where(r => r.Status == OrganizationStatus.Active))
        {
            IReadOnlySet<string> permissions;
            if (row.ApiClientId is null)
            {
                permissions = await matrix.ForRolesAsync([Roles.OfOrganization(row.Kind)], cancellationToken);
            }
            else if (clients.TryGetValue(row.ApiClientId, out var client) && client.IsEnabled)
            {
                permissions = await matrix.ForApiClientAsync(row.Kind, client.Scopes, cancellationToken);
            }
            else
            {
                continue; // the client that owns it is gone or disabled: it receives nothing
            }

            var visibility = EventVisibility.For(row.OrganizationId, permissions.Contains);
            subscribers.Add(
                new Subscriber(row.Id, row.CreatedAt, row.EventTypes.ToHashSet(StringComparer.Ordinal), visibility)
            );
        }

        return subscribers;
    }

    private sealed record Subscriber(
        Guid Id,
        DateTimeOffset CreatedAt,
        HashSet<string> Types,
        EventVisibility Visibility
    )
    {
        public bool Wants(EventRecord record) =>
            record.OccurredAt >= CreatedAt && Types.Contains(record.Type) && Visibility.Sees(record);
    }
}
