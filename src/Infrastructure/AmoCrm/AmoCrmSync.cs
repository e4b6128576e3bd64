using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.AmoCrm;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// The live sync of the connected account (ADR 0068). A start registers MaK's webhook in amoCRM with a new random
/// secret in its path (kept as its SHA-256 only), and stores the sync in the command's transaction under the
/// account's advisory lock, its feed cursor at the newest event: MaK's changes from then on go out, and so do those
/// made to imported leads before the start (their links are marked due). A delivery whose secret is a sync's and whose
/// <c>account[id]</c> is that sync's account is stored in <c>amocrm_inbox</c> as it came.
/// </summary>
internal sealed class AmoCrmSync(
    MakCrmDbContext db,
    NpgsqlDataSource dataSource,
    IAmoCrmAccount account,
    IAmoCrmMappings mappings,
    AmoCrmApi api,
    AuditTrail audit,
    Application.Abstractions.Security.IRequestContext request,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock
) : IAmoCrmSync
{
    /// <summary>Where amoCRM delivers the webhooks; the secret follows.</summary>
    public const string WebhookPath = "api/v1/integrations/amocrm/webhooks/";

    /// <summary>The amoCRM events the webhook is registered for.</summary>
    public static readonly string[] WebhookEvents =
    [
        "add_lead",
        "update_lead",
        "delete_lead",
        "restore_lead",
        "status_lead",
        "responsible_lead",
        "add_contact",
        "update_contact",
        "delete_contact",
        "restore_contact",
        "responsible_contact",
    ];

    private const string Columns = """
        s.account_id, s.state, s.started_at, s.last_inbound_at, s.last_outbound_at, s.polled_through,
        (SELECT count(*)::int FROM amocrm_inbox i
         WHERE i.account_id = s.account_id AND i.processed_at IS NULL AND i.attempts < $2),
        (SELECT min(i.received_at) FROM amocrm_inbox i
         WHERE i.account_id = s.account_id AND i.processed_at IS NULL AND i.attempts < $2),
        (SELECT count(*)::int FROM amocrm_inbox i
         WHERE i.account_id = s.account_id AND i.processed_at IS NULL AND i.attempts >= $2),
        (SELECT count(*)::int FROM amocrm_links k WHERE k.account_id = s.account_id AND k.push_due_at IS NOT NULL)
        + (SELECT count(*)::int FROM amocrm_lead_creates c
           WHERE c.account_id = s.account_id AND c.push_due_at IS NOT NULL),
        (SELECT count(*)::int FROM amocrm_links k
         WHERE k.account_id = s.account_id AND k.push_failure IS NOT NULL AND k.push_due_at IS NULL)
        + (SELECT count(*)::int FROM amocrm_lead_creates c
           WHERE c.account_id = s.account_id AND c.push_failure IS NOT NULL AND c.push_due_at IS NULL),
        (SELECT count(*)::int FROM amocrm_conflicts c WHERE c.account_id = s.account_id), s.directions::text,
        s.last_reconciliation::text
        """;

    private const string Insert = """
        INSERT INTO amocrm_syncs (account_id, connection_id, webhook_secret_hash, state, feed_cursor, started_by,
            started_at, updated_at)
        VALUES ($1, $2, $3, $4, (SELECT greatest(coalesce(max(sequence), 0), coalesce(
            (SELECT purged_through FROM event_horizon WHERE id = 1), 0)) FROM events), $5, $6, $6)
        ON CONFLICT (account_id) DO UPDATE SET connection_id = excluded.connection_id,
            webhook_secret_hash = excluded.webhook_secret_hash, state = excluded.state,
            feed_cursor = excluded.feed_cursor, started_by = excluded.started_by, started_at = excluded.started_at,
            polled_through = NULL, poll_due_at = NULL, reconcile_due_at = NULL, updated_at = excluded.updated_at
        """;

    public async Task<Result<Contracts.AmoCrmSync>> StartAsync(Uri publicBaseUrl, CancellationToken cancellationToken)
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return AmoCrmConnectionRules.NotConnected;
        }

        var connection = Transactional.Connection(db, "Starting the amoCRM sync");
        await using (var command = new NpgsqlCommand($"SELECT {AdvisoryLocks.Exclusive("$1")}", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"amocrm:sync:{connected.AccountId}" });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if ((await mappings.FindAsync(connected.AccountId, cancellationToken)).Version == 0)
        {
            return new Error(
                ErrorCodes.AmoCrmMappingMissing,
                "Save the account's mapping (replaceAmoCrmMapping) before starting the sync.",
                ErrorKind.Conflict
            );
        }

        await using (
            var running = new NpgsqlCommand(
                "SELECT 1 FROM amocrm_syncs WHERE account_id = $1 AND connection_id = $2",
                connection
            )
        )
        {
            running.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            running.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = connected.Id });
            if (await running.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return new Error(
                    ErrorCodes.AmoCrmSyncRunning,
                    "The sync of this connection is started already (pause or resume it).",
                    ErrorKind.Conflict
                );
            }
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var destination = new Uri(publicBaseUrl, WebhookPath + secret);
        try
        {
            var answer = await api.SendAsync(
                HttpMethod.Post,
                connected.Id,
                connected.AccountId,
                new Uri(connected.BaseUrl),
                "api/v4/webhooks",
                new JsonObject
                {
                    ["destination"] = destination.ToString(),
                    ["settings"] = new JsonArray([.. WebhookEvents.Select(e => (JsonNode)e)]),
                },
                cancellationToken
            );
            if (answer.Status is not (HttpStatusCode.OK or HttpStatusCode.Created))
            {
                return AmoCrmAuthorization.Unreachable(
                    $"amoCRM answered {(int)answer.Status} to the webhook's registration: {answer.Body?.ToJsonString()}"
                );
            }
        }
        catch (Exception e) when (AmoCrmReader.Failure(e) is { } failure)
        {
            return failure;
        }

        var now = clock.GetUtcNow();
        await using (var command = new NpgsqlCommand(Insert, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = connected.Id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Hash(secret) });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Stored(AmoCrmSyncState.Running) });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)request.UserId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // A link the import made holds the values the lead was created with as synced; one MaK changed since is due,
        // so the outbox's first round sends MaK's change (the feed cursor starts after it). A link with no synced
        // values takes MaK's, spelled as AmoCrmSyncRules.ValuesOf spells them.
        await using (
            var baseline = new NpgsqlCommand(
                $"""
                UPDATE amocrm_links k SET synced = coalesce(k.synced, m.values),
                    push_due_at = CASE WHEN k.synced IS NULL THEN k.push_due_at ELSE coalesce(k.push_due_at, $2) END
                FROM leads l, LATERAL (SELECT jsonb_build_object(
                    '{Domain.Leads.LeadHistoryFields.Status}', l.status,
                    '{Domain.Leads.LeadHistoryFields.ResponsibleUserId}', l.responsible_user_id::text,
                    '{Domain.Leads.LeadHistoryFields.RequestedAmount}',
                    to_char(l.requested_amount, 'FM999999999990.00')) AS values) m
                WHERE l.id = k.mak_id AND k.account_id = $1 AND k.entity = '{AmoCrmRecordImporter.Leads}'
                  AND k.synced IS DISTINCT FROM m.values
                """,
                connection
            )
        )
        {
            baseline.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            baseline.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await baseline.ExecuteNonQueryAsync(cancellationToken);
        }

        audit.Add(
            audit.Security(
                "amocrm.sync_started",
                null,
                new { account_id = connected.AccountId, public_base_url = publicBaseUrl.ToString() }
            )
        );
        return await ReadAsync(connection, connected.AccountId, options.Value.InboxMaxAttempts, cancellationToken);
    }

    public async Task<Result<Contracts.AmoCrmSync>> FindAsync(CancellationToken cancellationToken)
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return AmoCrmConnectionRules.NotConnected;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, connected.AccountId, options.Value.InboxMaxAttempts, cancellationToken);
    }

    public async Task<Result<Contracts.AmoCrmSync>> SetStateAsync(
        AmoCrmSyncState state,
        CancellationToken cancellationToken
    )
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return AmoCrmConnectionRules.NotConnected;
        }

        var connection = Transactional.Connection(db, "Pausing or resuming the amoCRM sync");
        await using (
            var command = new NpgsqlCommand(
                """
                UPDATE amocrm_syncs SET state = $2, updated_at = $3 WHERE account_id = $1 AND state <> $2
                RETURNING 1
                """,
                connection
            )
        )
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Stored(state) });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            if (await command.ExecuteScalarAsync(cancellationToken) is not null)
            {
                audit.Add(
                    audit.Security(
                        state == AmoCrmSyncState.Paused ? "amocrm.sync_paused" : "amocrm.sync_resumed",
                        null,
                        new { account_id = connected.AccountId }
                    )
                );
            }
        }

        if (state == AmoCrmSyncState.Running)
        {
            // The deliveries that failed every attempt get another round.
            await using var retry = new NpgsqlCommand(
                """
                UPDATE amocrm_inbox SET attempts = 0
                WHERE account_id = $1 AND processed_at IS NULL AND attempts >= $2
                """,
                connection
            );
            retry.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            retry.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.InboxMaxAttempts });
            await retry.ExecuteNonQueryAsync(cancellationToken);

            // So do the writes and creations amoCRM refused.
            await using var rewrite = new NpgsqlCommand(
                """
                WITH writes AS (
                    UPDATE amocrm_links SET push_due_at = coalesce(push_due_at, $2)
                    WHERE account_id = $1 AND push_failure IS NOT NULL)
                UPDATE amocrm_lead_creates SET push_due_at = coalesce(push_due_at, $2)
                WHERE account_id = $1 AND push_failure IS NOT NULL
                """,
                connection
            );
            rewrite.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            rewrite.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await rewrite.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ReadAsync(connection, connected.AccountId, options.Value.InboxMaxAttempts, cancellationToken);
    }

    public async Task<Result<Contracts.AmoCrmSync>> ReplayAsync(
        DateTimeOffset since,
        CancellationToken cancellationToken
    )
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return AmoCrmConnectionRules.NotConnected;
        }

        // The poll reads from polled_through (the start until its first round) and is due at once; a round running now
        // finds its place moved back when it ends, and leaves the replay's place and due time as they are.
        var connection = Transactional.Connection(db, "Replaying the amoCRM sync");
        await using (
            var command = new NpgsqlCommand(
                """
                UPDATE amocrm_syncs SET polled_through = least(coalesce(polled_through, started_at), $2),
                    poll_due_at = $3, updated_at = $3
                WHERE account_id = $1
                RETURNING 1
                """,
                connection
            )
        )
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = since });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            if (await command.ExecuteScalarAsync(cancellationToken) is not null)
            {
                audit.Add(
                    audit.Security("amocrm.sync_replayed", null, new { account_id = connected.AccountId, since })
                );
            }
        }

        return await ReadAsync(connection, connected.AccountId, options.Value.InboxMaxAttempts, cancellationToken);
    }

    public async Task<Result<Contracts.AmoCrmSync>> ReplaceDirectionsAsync(
        IReadOnlyDictionary<string, AmoCrmSyncDirection> chosen,
        CancellationToken cancellationToken
    )
    {
        if (await account.CurrentAsync(cancellationToken) is not { } connected)
        {
            return AmoCrmConnectionRules.NotConnected;
        }

        var connection = Transactional.Connection(db, "Replacing the amoCRM sync's directions");
        await using (
            var command = new NpgsqlCommand(
                """
                UPDATE amocrm_syncs s SET directions = $2::jsonb, updated_at = $3
                FROM (SELECT directions::text FROM amocrm_syncs WHERE account_id = $1 FOR UPDATE) before
                WHERE s.account_id = $1
                RETURNING before.directions
                """,
                connection
            )
        )
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = connected.AccountId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AmoCrmSyncDirections.Write(chosen) });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var before = AmoCrmSyncDirections.Read(
                    await reader.IsDBNullAsync(0, cancellationToken) ? null : reader.GetString(0)
                );
                await reader.DisposeAsync();
                audit.Add(
                    audit.Security(
                        "amocrm.sync_directions_replaced",
                        null,
                        new
                        {
                            account_id = connected.AccountId,
                            before = AmoCrmSyncDirections.Spelled(before),
                            after = AmoCrmSyncDirections.Spelled(chosen),
                        }
                    )
                );
            }
        }

        return await ReadAsync(connection, connected.AccountId, options.Value.InboxMaxAttempts, cancellationToken);
    }

    public async Task<Result<AmoCrmConflictPage>> ConflictsAsync(
        Guid? before,
        int limit,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT id, entity, amo_id, mak_id, field, mak_value, amo_value, direction, winner, reason, occurred_at
            FROM amocrm_conflicts WHERE ($1::uuid IS NULL OR id < $1) ORDER BY id DESC LIMIT $2
            """,
            connection
        );
        command.Parameters.Add(
            new NpgsqlParameter
            {
                Value = (object?)before ?? DBNull.Value,
                NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid,
            }
        );
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
        var items = new List<AmoCrmConflict>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(
                new AmoCrmConflict(
                    reader.GetGuid(0),
                    SnakeCaseNames<AmoCrmEntity>.Stored(reader.GetString(1)),
                    reader.GetInt64(2),
                    reader.GetGuid(3),
                    reader.GetString(4),
                    (await reader.IsDBNullAsync(5, cancellationToken) ? null : reader.GetString(5)),
                    (await reader.IsDBNullAsync(6, cancellationToken) ? null : reader.GetString(6)),
                    SnakeCaseNames<AmoCrmSyncDirection>.Stored(reader.GetString(7)),
                    SnakeCaseNames<AmoCrmSyncWinner>.Stored(reader.GetString(8)),
                    SnakeCaseNames<AmoCrmConflictReason>.Stored(reader.GetString(9)),
                    await reader.GetFieldValueAsync<DateTimeOffset>(10, cancellationToken)
                )
            );
        }

        return items.Count > limit
            ? new AmoCrmConflictPage(items[..limit], items[limit - 1].Id.ToString())
            : new AmoCrmConflictPage(items, null);
    }

    public async Task<Result<Unit>> ReceiveAsync(
        string secret,
        long? accountId,
        string body,
        CancellationToken cancellationToken
    )
    {
        var connection = Transactional.Connection(db, "Receiving an amoCRM webhook");
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO amocrm_inbox (id, account_id, body, received_at, attempts)
            SELECT $1, s.account_id, $2, $3, 0 FROM amocrm_syncs s
            WHERE s.webhook_secret_hash = $4 AND s.account_id = $5
            """,
            connection
        );
        var now = clock.GetUtcNow();
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7(now) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Hash(secret) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId ?? 0 });
        return accountId is not null && await command.ExecuteNonQueryAsync(cancellationToken) == 1
            ? Unit.Value
            : new Error(ErrorCodes.NotFound, "No amoCRM sync has this address.", ErrorKind.NotFound);
    }

    /// <summary>The state as the value of <c>amocrm_syncs.state</c>.</summary>
    public static string Stored(AmoCrmSyncState state) => SnakeCaseNames.Of(state);

    private static string Hash(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();

    /// <summary>The sync's state; a delivery claimed <paramref name="maxAttempts"/> times without being applied counts
    /// as failed, not pending.</summary>
    private static async Task<Result<Contracts.AmoCrmSync>> ReadAsync(
        NpgsqlConnection connection,
        long accountId,
        int maxAttempts,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM amocrm_syncs s WHERE s.account_id = $1",
            connection
        );
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxAttempts });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new Error(ErrorCodes.NotFound, "The amoCRM sync is not started.", ErrorKind.NotFound);
        }

        async Task<DateTimeOffset?> At(int i) =>
            await reader.IsDBNullAsync(i, cancellationToken)
                ? null
                : await reader.GetFieldValueAsync<DateTimeOffset>(i, cancellationToken);
        return new Contracts.AmoCrmSync(
            reader.GetInt64(0),
            SnakeCaseNames<AmoCrmSyncState>.Stored(reader.GetString(1)),
            await reader.GetFieldValueAsync<DateTimeOffset>(2, cancellationToken),
            await At(3),
            await At(4),
            await At(5),
            reader.GetInt32(6),
            await At(7),
            reader.GetInt32(8),
            reader.GetInt32(9),
            reader.GetInt32(10),
            reader.GetInt32(11),
            AmoCrmSyncRules.DirectionsWith(
                AmoCrmSyncDirections.Read(
                    await reader.IsDBNullAsync(12, cancellationToken) ? null : reader.GetString(12)
                )
            ),
            AmoCrmReconciliations.Read(await reader.IsDBNullAsync(13, cancellationToken) ? null : reader.GetString(13))
        );
    }
}

/// <summary>The synced values of linked leads and the conflicts, on the unit of work's connection and transaction.
/// </summary>
internal sealed class AmoCrmSyncLinks(MakCrmDbContext db, TimeProvider clock) : IAmoCrmSyncLinks
{
    public async Task<LockedAmoCrmLinks> LockAsync(
        long accountId,
        AmoCrmEntity entity,
        IReadOnlyCollection<long> amoIds,
        CancellationToken cancellationToken
    )
    {
        var connection = Transactional.Connection(db, "Locking amoCRM links");
        await using var command = new NpgsqlCommand(
            """
            SELECT amo_id, synced::text FROM amocrm_links
            WHERE account_id = $1 AND entity = $3 AND amo_id = ANY($2)
            ORDER BY amo_id FOR UPDATE
            """,
            connection
        );
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. amoIds] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SnakeCaseNames.Of(entity) });
        var synced = new Dictionary<long, IReadOnlyDictionary<string, string?>>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!await reader.IsDBNullAsync(1, cancellationToken))
                {
                    synced[reader.GetInt64(0)] = AmoCrmSyncedValues.Read(reader.GetString(1));
                }
            }
        }

        await using var directions = new NpgsqlCommand(
            "SELECT directions::text FROM amocrm_syncs WHERE account_id = $1",
            connection
        );
        directions.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        return new LockedAmoCrmLinks(
            synced,
            AmoCrmSyncDirections.Read(await directions.ExecuteScalarAsync(cancellationToken) as string)
        );
    }

    public async Task SaveAsync(
        long accountId,
        AmoCrmEntity entity,
        long amoId,
        IReadOnlyDictionary<string, string?> synced,
        bool pushDue,
        CancellationToken cancellationToken
    )
    {
        var connection = Transactional.Connection(db, "Saving an amoCRM link");
        await using var command = new NpgsqlCommand(
            """
            UPDATE amocrm_links SET synced = $3::jsonb,
                push_due_at = CASE WHEN $4 THEN coalesce(push_due_at, $5) ELSE push_due_at END
            WHERE account_id = $1 AND entity = $6 AND amo_id = $2
            """,
            connection
        );
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = accountId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = amoId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AmoCrmSyncedValues.Write(synced) });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = pushDue });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SnakeCaseNames.Of(entity) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordAsync(AmoCrmConflictDraft conflict, CancellationToken cancellationToken)
    {
        var connection = Transactional.Connection(db, "Recording an amoCRM conflict");
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO amocrm_conflicts (id, account_id, entity, amo_id, mak_id, field, mak_value, amo_value,
                direction, winner, reason, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """,
            connection
        );
        var now = clock.GetUtcNow();
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7(now) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = conflict.AccountId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SnakeCaseNames.Of(conflict.Entity) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = conflict.AmoId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = conflict.MakId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = conflict.Field });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)conflict.MakValue ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)conflict.AmoValue ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SnakeCaseNames.Of(conflict.Direction) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SnakeCaseNames.Of(conflict.Winner) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SnakeCaseNames.Of(conflict.Reason) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>A link's synced values as stored in <c>amocrm_links.synced</c>: a JSON object of the fields' values by
/// their names in <see cref="AmoCrmSyncRules"/>.</summary>
internal static class AmoCrmSyncedValues
{
    public static Dictionary<string, string?> Read(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];

    public static string Write(IReadOnlyDictionary<string, string?> values) => JsonSerializer.Serialize(values);
}

/// <summary>Head office's choice of directions as stored in <c>amocrm_syncs.directions</c>: a JSON object of field to
/// direction, spelled as the contract spells it.</summary>
internal static class AmoCrmSyncDirections
{
    public static Dictionary<string, AmoCrmSyncDirection> Read(string? json) =>
        json is null
            ? []
            : (JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []).ToDictionary(
                p => p.Key,
                p => SnakeCaseNames<AmoCrmSyncDirection>.Stored(p.Value),
                StringComparer.Ordinal
            );

    public static string Write(IReadOnlyDictionary<string, AmoCrmSyncDirection> chosen) =>
        JsonSerializer.Serialize(Spelled(chosen));

    public static Dictionary<string, string> Spelled(IReadOnlyDictionary<string, AmoCrmSyncDirection> chosen) =>
        chosen.ToDictionary(p => p.Key, p => SnakeCaseNames.Of(p.Value), StringComparer.Ordinal);
}

/// <summary>The sync's last comparison as stored in <c>amocrm_syncs.last_reconciliation</c>: its wire form.</summary>
internal static class AmoCrmReconciliations
{
    public static Contracts.AmoCrmReconciliation? Read(string? json) =>
        json is null
            ? null
            : JsonSerializer.Deserialize<Contracts.AmoCrmReconciliation>(json, JsonSerializerOptions.Web);

    public static string Write(Contracts.AmoCrmReconciliation reconciliation) =>
        JsonSerializer.Serialize(reconciliation, JsonSerializerOptions.Web);
}
