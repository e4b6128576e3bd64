using System.Text;
using System.Text.Json;
using MakCrm.Application.Common;
using MakCrm.Application.Webhooks;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Observability;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>
/// Sends deliveries, at least once. Due deliveries are claimed with <c>FOR UPDATE SKIP LOCKED</c> under a lease in a
/// statement of their own (no transaction stays open), or come claimed under the same lease from fan-out, which made
/// them; they are sent side by side; then the batch's attempts and each
/// delivery's next step are recorded together in one implicit transaction (one round trip, one commit for the batch).
/// A worker that dies between sending and recording loses nothing: its lease runs out and the deliveries are sent again
/// with the same <c>webhook-id</c>. Retries follow <see cref="Retries"/> with ±10 % jitter; after
/// <see cref="MaxAttempts"/> the delivery has failed. Time is the injected clock's.
/// </summary>
[Singleton]
public sealed class WebhookDeliverer(
    NpgsqlDataSource dataSource,
    WebhookSender sender,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    IOptions<AccessTokenOptions> keys
)
{
    /// <summary>The waits after the 1st, 2nd, ... failed attempt (Standard Webhooks' schedule).</summary>
    public static readonly TimeSpan[] Retries =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    public const double Jitter = 0.1;

    public static int MaxAttempts => Retries.Length + 1;

    private readonly KeyEncryption _encryption = new(keys.Value.KeyEncryptionKey);

    private static readonly string Claim = $"""
        UPDATE webhook_deliveries d SET lease_until = $2
        FROM (SELECT q.id FROM webhook_deliveries q JOIN webhook_subscriptions s ON s.id = q.subscription_id
              WHERE q.status = {EnumLiterals.Of(Contracts.WebhookDeliveryStatus.Pending)} AND q.next_attempt_at <= $1
                AND (q.lease_until IS NULL OR q.lease_until <= $1)
                AND s.enabled AND s.deleted_at IS NULL
              ORDER BY q.next_attempt_at
              LIMIT $3
              FOR UPDATE OF q SKIP LOCKED) c
        WHERE d.id = c.id
        RETURNING d.id, d.subscription_id, d.message_id, d.body, d.attempts, d.status
        """;

    private const string Targets = """
        SELECT s.id, s.url, k.secret FROM webhook_subscriptions s
        JOIN webhook_secrets k ON k.subscription_id = s.id AND (k.expires_at IS NULL OR k.expires_at > $2)
        WHERE s.id = ANY($1) AND s.deleted_at IS NULL
        ORDER BY s.id, k.created_at DESC
        """;

    private static readonly string Pending = SnakeCaseNames.Of(Contracts.WebhookDeliveryStatus.Pending);

    private static readonly string PingInsert = $"""
        INSERT INTO webhook_deliveries
            (id, subscription_id, event_id, message_id, event_type, body, status, attempts, next_attempt_at, created_at)
        VALUES ($1, $2, NULL, $3, 'webhook.ping', $4, {EnumLiterals.Of(
            Contracts.WebhookDeliveryStatus.Pending
        )}, 0, NULL, $5)
        """;

    /// <summary>A delivery to send: claimed under <paramref name="Lease"/>, or read for a send by hand (no
    /// lease).</summary>
    public sealed record Claimed(
        Guid Id,
        Guid SubscriptionId,
        string MessageId,
        byte[] Body,
        int Attempts,
        string Status,
        DateTimeOffset? Lease
    );

    /// <summary>A subscription whose receiver answered 410 Gone, to be stopped once the attempt is recorded.</summary>
    public sealed record GoneReceiver(Guid SubscriptionId, DateTimeOffset At);

    private sealed record Target(string Url, List<byte[]> Keys);

    private sealed record Attempt(Claimed Delivery, DateTimeOffset AttemptedAt, WebhookResponse Response);

    private DateTimeOffset _nextFailingCheck = DateTimeOffset.MinValue;

    /// <summary>Claims and sends one batch of due deliveries, then stops the subscriptions failing for too
    /// long.</summary>
    /// <returns>How many were sent; a full batch means more may be due.</returns>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNowMicroseconds();
        var lease = now + options.Value.Lease;
        var claimed = new List<Claimed>();
        await using (var claim = dataSource.CreateCommand(Claim))
        {
            claim.Parameters.Add(SqlParameters.Instant(now));
            claim.Parameters.Add(SqlParameters.Instant(lease));
            claim.Parameters.Add(SqlParameters.Integer(options.Value.BatchSize));
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(
                    new Claimed(
                        reader.GetGuid(0),
                        reader.GetGuid(1),
                        reader.GetString(2),
                        (byte[])reader[3],
                        reader.GetInt32(4),
                        reader.GetString(5),
                        lease
                    )
                );
            }
        }

        await SendClaimedAsync(claimed, now, cancellationToken);

        // Failing for five days is checked at most once a poll interval, not after every batch of a busy worker.
        if (now >= _nextFailingCheck)
        {
            _nextFailingCheck = now + options.Value.PollInterval;
            await using var scope = scopes.CreateAsyncScope();
            await scope
                .ServiceProvider.GetRequiredService<WebhookDisabler>()
                .DisableFailingAsync(now, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>Sends deliveries claimed for this worker (by fan-out, as it made them) side by side and records the
    /// attempts.</summary>
    public Task DeliverClaimedAsync(IReadOnlyList<Claimed> claimed, CancellationToken cancellationToken) =>
        SendClaimedAsync(claimed, clock.UtcNowMicroseconds(), cancellationToken);

    private async Task SendClaimedAsync(
        IReadOnlyList<Claimed> claimed,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        if (claimed.Count == 0)
        {
            return;
        }

        var targets = await TargetsAsync(
            claimed.Select(c => c.SubscriptionId).Distinct().ToArray(),
            now,
            cancellationToken
        );
        var attempts = new Attempt?[claimed.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, claimed.Count),
            new ParallelOptions
            {
                MaxDegreeOfParallelism = options.Value.BatchSize,
                CancellationToken = cancellationToken,
            },
            async (i, ct) =>
            {
                if (targets.TryGetValue(claimed[i].SubscriptionId, out var target))
                {
                    attempts[i] = await SendAsync(claimed[i], target, ct);
                }
            }
        );
        var gone = await RecordAsync(
            [.. attempts.OfType<Attempt>()],
            Contracts.WebhookAttemptTrigger.Scheduled,
            null,
            cancellationToken
        );
        await StopGoneAsync(gone, cancellationToken);
    }

    /// <summary>
    /// One attempt of the delivery now, by hand, recorded on <paramref name="connection"/> in the unit of work's
    /// transaction (the send itself writes nothing, so the transaction holds no lock while it waits for the receiver);
    /// <c>null</c> when the subscription has no such delivery, else the receivers to stop once that commits.
    /// </summary>
    public async Task<IReadOnlyList<GoneReceiver>?> RedeliverAsync(
        Guid subscriptionId,
        Guid deliveryId,
        NpgsqlConnection connection,
        CancellationToken cancellationToken
    )
    {
        Claimed? delivery = null;
        await using (
            var read = dataSource.CreateCommand(
                "SELECT id, subscription_id, message_id, body, attempts, status FROM webhook_deliveries WHERE id = "
                    + "$1 AND subscription_id = $2"
            )
        )
        {
            read.Parameters.Add(SqlParameters.Uuid(deliveryId));
            read.Parameters.Add(SqlParameters.Uuid(subscriptionId));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                delivery = new Claimed(
                    reader.GetGuid(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    (byte[])reader[3],
                    reader.GetInt32(4),
                    reader.GetString(5),
                    null
                );
            }
        }

        if (delivery is null)
        {
            return null;
        }

        var targets = await TargetsAsync([subscriptionId], clock.UtcNowMicroseconds(), cancellationToken);
        var attempt = await SendAsync(delivery, targets[subscriptionId], cancellationToken);
        return await RecordAsync([attempt], Contracts.WebhookAttemptTrigger.Redelivery, connection, cancellationToken);
    }

    /// <summary>
    /// Sends a <c>webhook.ping</c> message now and records it as a delivery of its own, with its attempt, on
    /// <paramref name="connection"/> in the unit of work's transaction, after the send (so no lock is held while it
    /// waits for the receiver); its id, and the receivers to stop once that commits.
    /// </summary>
    public async Task<(Guid Id, IReadOnlyList<GoneReceiver> Gone)> PingAsync(
        Guid subscriptionId,
        NpgsqlConnection connection,
        CancellationToken cancellationToken
    )
    {
        var now = clock.UtcNowMicroseconds();
        var id = clock.NewId();
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new
            {
                type = "webhook.ping",
                timestamp = now,
                data = new { subscriptionId },
            }
        );
        var delivery = new Claimed(id, subscriptionId, WebhookDeliveryRow.MessageIdOf(id), body, 0, Pending, null);
        var targets = await TargetsAsync([subscriptionId], now, cancellationToken);
        var attempt = await SendAsync(delivery, targets[subscriptionId], cancellationToken);
        await using (var insert = new NpgsqlCommand(PingInsert, connection))
        {
            insert.Parameters.Add(SqlParameters.Uuid(id));
            insert.Parameters.Add(SqlParameters.Uuid(subscriptionId));
            insert.Parameters.Add(SqlParameters.Text(delivery.MessageId));
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = body });
            insert.Parameters.Add(SqlParameters.Instant(now));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return (id, await RecordAsync([attempt], Contracts.WebhookAttemptTrigger.Ping, connection, cancellationToken));
    }

    /// <summary>Stops the subscriptions whose receiver answered 410, each in a transaction of its own.</summary>
    public async Task StopGoneAsync(IReadOnlyList<GoneReceiver> gone, CancellationToken cancellationToken)
    {
        foreach (var receiver in gone)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope
                .ServiceProvider.GetRequiredService<WebhookDisabler>()
                .DisableGoneAsync(receiver.SubscriptionId, receiver.At, cancellationToken);
        }
    }

    private async Task<Dictionary<Guid, Target>> TargetsAsync(
        Guid[] subscriptionIds,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var targets = new Dictionary<Guid, Target>();
        await using var command = dataSource.CreateCommand(Targets);
        command.Parameters.Add(SqlParameters.Array(NpgsqlDbType.Uuid, subscriptionIds));
        command.Parameters.Add(SqlParameters.Instant(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (!targets.TryGetValue(id, out var target))
            {
                targets[id] = target = new Target(reader.GetString(1), []);
            }

            target.Keys.Add(_encryption.Decrypt((byte[])reader[2]));
        }

        return targets;
    }

    private async Task<Attempt> SendAsync(Claimed delivery, Target target, CancellationToken cancellationToken)
    {
        var attemptedAt = clock.UtcNowMicroseconds();
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        var signature = WebhookSigning.Signature(delivery.MessageId, timestamp, delivery.Body, target.Keys);
        return new Attempt(
            delivery,
            attemptedAt,
            await sender.SendAsync(
                target.Url,
                delivery.MessageId,
                timestamp,
                signature,
                delivery.Body,
                cancellationToken
            )
        );
    }

    /// <summary>
    /// The attempts, each delivery's next step and the subscriptions' health, in one transaction: the caller's on
    /// <paramref name="connection"/>, else one of their own; the subscriptions whose receiver answered 410, which the
    /// caller stops once that commits.
    /// </summary>
    private async Task<IReadOnlyList<GoneReceiver>> RecordAsync(
        IReadOnlyList<Attempt> attempts,
        Contracts.WebhookAttemptTrigger trigger,
        NpgsqlConnection? connection,
        CancellationToken cancellationToken
    )
    {
        if (attempts.Count == 0)
        {
            return [];
        }

        // One batch, in one round trip; without a connection it has no explicit transaction, and PostgreSQL runs it as
        // one implicit transaction, all or nothing.
        await using var batch = connection is null ? dataSource.CreateBatch() : new NpgsqlBatch(connection);
        batch.BatchCommands.Add(
            Command(
                """
                INSERT INTO webhook_attempts (id, delivery_id, attempted_at, trigger, succeeded, response_status,
                    duration_ms, response_body, error)
                SELECT a.id, a.delivery_id, a.attempted_at, $4, a.succeeded, a.response_status, a.duration_ms,
                    a.response_body, a.error
                FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $5::boolean[], $6::integer[], $7::integer[],
                    $8::text[], $9::text[])
                    AS a(id, delivery_id, attempted_at, succeeded, response_status, duration_ms, response_body, error)
                """,
                SqlParameters.Array(NpgsqlDbType.Uuid, attempts.Select(_ => clock.NewId())),
                SqlParameters.Array(NpgsqlDbType.Uuid, attempts.Select(a => a.Delivery.Id)),
                SqlParameters.Array(NpgsqlDbType.TimestampTz, attempts.Select(a => (DateTimeOffset?)a.AttemptedAt)),
                SqlParameters.Text(Domain.Common.SnakeCaseNames.Of(trigger)),
                SqlParameters.Array(NpgsqlDbType.Boolean, attempts.Select(a => a.Response.Succeeded)),
                SqlParameters.Array(NpgsqlDbType.Integer, attempts.Select(a => a.Response.Status)),
                SqlParameters.Array(NpgsqlDbType.Integer, attempts.Select(a => a.Response.DurationMs)),
                SqlParameters.Array(NpgsqlDbType.Text, attempts.Select(a => a.Response.Body)),
                SqlParameters.Array(NpgsqlDbType.Text, attempts.Select(a => Truncate(a.Response.Error)))
            )
        );
        if (trigger == Contracts.WebhookAttemptTrigger.Redelivery)
        {
            // A delivery sent by hand succeeds or stays as it was: its schedule is not the hand's to change.
            batch.BatchCommands.Add(
                Command(
                    $"UPDATE webhook_deliveries SET status = "
                        + $"{EnumLiterals.Of(Contracts.WebhookDeliveryStatus.Succeeded)},"
                        + " next_attempt_at = NULL WHERE id = ANY($1)",
                    SqlParameters.Array(
                        NpgsqlDbType.Uuid,
                        attempts.Where(a => a.Response.Succeeded).Select(a => a.Delivery.Id)
                    )
                )
            );
        }
        else
        {
            // Only the holder of the lease moves a delivery on: after a lease ran out, the new holder does.
            var steps = attempts.Select(a => Next(a, trigger)).ToList();
            batch.BatchCommands.Add(
                Command(
                    """
                    UPDATE webhook_deliveries d SET attempts = d.attempts + 1, status = n.status, next_attempt_at =
                        n.next_attempt_at, lease_until = NULL
                    FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS n(id, status,
                        next_attempt_at, lease_until)
                    WHERE d.id = n.id AND d.lease_until IS NOT DISTINCT FROM n.lease_until
                    """,
                    SqlParameters.Array(NpgsqlDbType.Uuid, attempts.Select(a => a.Delivery.Id)),
                    SqlParameters.Array(NpgsqlDbType.Text, steps.Select(s => s.Status)),
                    SqlParameters.Array(NpgsqlDbType.TimestampTz, steps.Select(s => s.Next)),
                    SqlParameters.Array(NpgsqlDbType.TimestampTz, attempts.Select(a => a.Delivery.Lease))
                )
            );
        }

        // The subscriptions' health: a success ends a failing streak; the first failure since the last success starts
        // the clock that disables the subscription.
        var succeeded = attempts.Where(a => a.Response.Succeeded).Select(a => a.Delivery.SubscriptionId).ToHashSet();
        batch.BatchCommands.Add(
            Command(
                "UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = ANY($1) AND failing_since IS NOT "
                    + "NULL",
                SqlParameters.Array(NpgsqlDbType.Uuid, succeeded)
            )
        );
        var failing = attempts
            .Where(a => !succeeded.Contains(a.Delivery.SubscriptionId))
            .GroupBy(a => a.Delivery.SubscriptionId)
            .ToList();
        batch.BatchCommands.Add(
            Command(
                """
                UPDATE webhook_subscriptions s SET failing_since = f.since
                FROM unnest($1::uuid[], $2::timestamptz[]) AS f(id, since)
                WHERE s.id = f.id AND s.failing_since IS NULL
                """,
                SqlParameters.Array(NpgsqlDbType.Uuid, failing.Select(g => g.Key)),
                SqlParameters.Array(
                    NpgsqlDbType.TimestampTz,
                    failing.Select(g => (DateTimeOffset?)g.Min(a => a.AttemptedAt))
                )
            )
        );
        await batch.ExecuteNonQueryAsync(cancellationToken);
        foreach (var attempt in attempts)
        {
            MakMetrics.WebhookDelivered(
                attempt.Response.Succeeded ? "succeeded"
                : trigger == Contracts.WebhookAttemptTrigger.Redelivery || Next(attempt, trigger).Status == "failed"
                    ? "failed"
                : "retry"
            );
        }

        return attempts
            .Where(a => a.Response.Gone)
            .GroupBy(a => a.Delivery.SubscriptionId)
            .Select(g => new GoneReceiver(g.Key, g.Max(a => a.AttemptedAt)))
            .ToList();
    }

    /// <summary>What an attempt leaves a delivery at: succeeded, failed for good, or pending until its next
    /// retry.</summary>
    private static (string Status, DateTimeOffset? Next) Next(Attempt attempt, Contracts.WebhookAttemptTrigger trigger)
    {
        var attempts = attempt.Delivery.Attempts + 1;
        return attempt.Response.Succeeded ? ("succeeded", null)
            : trigger == Contracts.WebhookAttemptTrigger.Ping || attempts >= MaxAttempts ? ("failed", null)
            : ("pending", attempt.AttemptedAt + Jittered(Retries[attempts - 1]));
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static TimeSpan Jittered(TimeSpan delay) => delay * (1 + ((Random.Shared.NextDouble() * 2) - 1) * Jitter);

    private static string? Truncate(string? text) => text is { Length: > 1000 } ? text[..1000] : text;
}
