using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.AmoCrm;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Common;
using MakCrm.Domain.Events;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Events;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// Keeps linked leads and contacts in step both ways (ADR 0068, ADR 0094 for contacts).
/// <para>
/// Inbound (<see cref="ApplyInboxAsync"/>): claims stored webhook deliveries under a lease (<c>FOR UPDATE SKIP
/// LOCKED</c>), groups the leads they name, reads them again from amoCRM, 250 a request by <c>filter[id][]</c> (a
/// delivery is never trusted as it is: it is unsigned and may be stale, twice or out of order; one whose values are
/// the link's synced ones holds no change and is not read, <see cref="WithChangesAsync"/>), applies the linked
/// ones of each read through <see cref="AmoCrmRecordChanges"/> (<see cref="AmoCrmLeadSync"/>: one unit of work for the
/// leads one amoCRM user changed, in a scope acting for head office as that user's MaK user when mapped) and brings
/// the others in as new leads (<see cref="ImportNewAsync"/>, ADR 0091); the linked contacts they name are read and
/// applied to their clients the same way (<see cref="AmoCrmClientSync"/>). The deliveries are then marked applied.
/// </para>
/// <para>
/// Outbound (<see cref="PushAsync"/>): follows the event feed by the sync's cursor (its row locked <c>FOR UPDATE SKIP
/// LOCKED</c>, so one instance at a time) and marks every linked lead a lead event names as due
/// (<c>amocrm_links.push_due_at</c>: one mark per lead however many events, the coalescing outbox); then, while the
/// sync runs, takes up to <see cref="PushBatch"/> due links at a time (locked, so a lead's inbound apply waits), writes
/// only the fields whose MaK value differs from the one last synced in one <c>PATCH /api/v4/leads</c>, and stores the
/// values sent as synced. A change amoCRM made and the inbox applied left MaK equal to the synced values, so it is not
/// sent back; our write's webhook finds amoCRM equal to them, so it changes nothing. A <c>client.updated</c> marks
/// the client's contact links due the same way, and <see cref="PushContactsDueAsync"/> writes them after the leads.
/// </para>
/// <para>
/// New leads (<see cref="CreateDueAsync"/>, ADR 0089): a <c>lead.created</c> the feed names queues the lead in
/// <c>amocrm_lead_creates</c> when its organization's leads go to amoCRM; before the writes, the queued leads are
/// created with their clients as contacts and linked. A cursor the feed's purge passed reconciles in full first
/// (ADR 0090).
/// </para>
/// </summary>
[Singleton]
public sealed partial class AmoCrmSyncRunner(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    AmoCrmApi api,
    AmoCrmRecordChanges changes,
    AmoCrmAlerts alerts,
    IOptions<AmoCrmOptions> options,
    TimeProvider clock,
    ILogger<AmoCrmSyncRunner> logger
)
{
    /// <summary>amoCRM's recommended most entities a write.</summary>
    public const int PushBatch = 50;

    /// <summary>amoCRM's most entities a read.</summary>
    public const int ReadBatch = 250;

    private static readonly string Running = AmoCrmSync.Stored(Contracts.AmoCrmSyncState.Running);

    private static readonly string ClientUpdated = EventTypes.ClientUpdated.Name;

    // The events that change what the sync keeps in step: a lead's fields, a client's contact data.
    private static readonly string[] SyncedEvents =
    [
        EventTypes.LeadCreated.Name,
        EventTypes.LeadUpdated.Name,
        EventTypes.LeadStatusChanged.Name,
        EventTypes.LeadResponsibleChanged.Name,
        ClientUpdated,
    ];

    private const string Sync = """
        SELECT s.account_id, s.state, s.feed_cursor, c.id, c.base_url, s.started_at
        FROM amocrm_syncs s JOIN amocrm_connections c ON c.id = s.connection_id
        ORDER BY s.account_id LIMIT 1
        """;

    private const string Claim = """
        UPDATE amocrm_inbox SET lease_owner = $1, lease_expires_at = $2, attempts = attempts + 1
        WHERE id IN (SELECT id FROM amocrm_inbox
                     WHERE account_id = $3 AND processed_at IS NULL AND attempts < $6
                       AND (lease_expires_at IS NULL OR lease_expires_at < $4)
                     ORDER BY received_at, id LIMIT $5
                     FOR UPDATE SKIP LOCKED)
        RETURNING id, body
        """;

    private const string ReadEvents =
        $"SELECT {EventFeed.Columns} FROM events WHERE sequence > $1 AND sequence <= $2 AND type = ANY($3) ORDER BY "
        + "sequence LIMIT $4";

    // Marks the links ($2: which) due from $3, locked in amoCRM id order, the order every lock of many links is
    // taken in (AmoCrmRecordSync), so that marking them never deadlocks with an inbound page.
    private static string MarkLinksDue(string which) =>
        $"""
            UPDATE amocrm_links k SET push_due_at = coalesce(k.push_due_at, $3)
            FROM (SELECT account_id, entity, amo_id FROM amocrm_links
                  WHERE account_id = $1 AND ({which}) ORDER BY entity, amo_id FOR UPDATE) AS l
            WHERE (k.account_id, k.entity, k.amo_id) = (l.account_id, l.entity, l.amo_id)
            """;

    // The links of the leads ($2) and of the clients ($4) the events name.
    private static readonly string MarkDue = MarkLinksDue(
        $"entity = '{AmoCrmRecordImporter.Leads}' AND mak_id = ANY($2) "
            + $"OR entity = '{AmoCrmRecordImporter.Contacts}' AND mak_id = ANY($4)"
    );

    private const string TakeDue = $"""
        SELECT k.amo_id, k.synced::text, l.status, l.responsible_user_id, l.requested_amount, l.deleted_at IS NOT NULL
        FROM amocrm_links k JOIN leads l ON l.id = k.mak_id
        WHERE k.account_id = $1 AND k.entity = '{AmoCrmRecordImporter.Leads}' AND k.push_due_at IS NOT NULL
        ORDER BY k.push_due_at, k.amo_id LIMIT $2
        FOR UPDATE OF k SKIP LOCKED
        """;

    private const string TakeContactsDue = $"""
        SELECT k.amo_id, k.synced::text, c.full_name, c.phone, c.email, c.deleted_at IS NOT NULL
        FROM amocrm_links k JOIN clients c ON c.id = k.mak_id
        WHERE k.account_id = $1 AND k.entity = '{AmoCrmRecordImporter.Contacts}' AND k.push_due_at IS NOT NULL
        ORDER BY k.push_due_at, k.amo_id LIMIT $2
        FOR UPDATE OF k SKIP LOCKED
        """;

    // A write refused again keeps the id it was first listed under (AmoCrmSyncFailures); answers how many were
    // refused for the first time. The outbox's tables share their push_* columns; $2 the rows' keys in the account.
    private static string SetAside(string table, string key, string type, string only) =>
        $"""
            WITH refused AS (
                UPDATE {table} k SET push_due_at = NULL, push_failure = left(v.failure, 1000),
                    push_failure_id = coalesce(k.push_failure_id, v.failure_id), push_failed_at = $5
                FROM unnest($2::{type}[], $3::text[], $4::uuid[]) AS v(key, failure, failure_id)
                WHERE k.account_id = $1 AND k.{key} = v.key{only}
                RETURNING k.push_failure_id = v.failure_id AS first)
            SELECT count(*) FILTER (WHERE first) FROM refused
            """;

    private static string PushRefused(string entity) =>
        SetAside("amocrm_links", "amo_id", "bigint", $" AND k.entity = '{entity}'");

    private static readonly string CreateRefused = SetAside("amocrm_lead_creates", "lead_id", "uuid", "");

    // Head office's notices of refusals: the title, and the words the count and an example follow.
    private static readonly (string Title, string Refusal) WriteRefused = (
        "amoCRM: изменения сделок не приняты",
        "amoCRM отказался принять изменения сделок"
    );

    private static readonly (string Title, string Refusal) ContactWriteRefused = (
        "amoCRM: изменения контактов не приняты",
        "amoCRM отказался принять изменения контактов"
    );

    private static readonly (string Title, string Refusal) CreationRefused = (
        "amoCRM: сделки не созданы",
        "amoCRM отказался создать сделки"
    );

    // The leads ($2: which) of the organizations whose new leads go to amoCRM ($4) that are not linked yet wait to be
    // created from now ($3).
    private static string QueueCreates(string which) =>
        $"""
            INSERT INTO amocrm_lead_creates (account_id, lead_id, push_due_at, created_at)
            SELECT $1, l.id, $3, $3 FROM leads l JOIN organizations o ON o.id = l.organization_id
            WHERE {which} AND o.kind = ANY($4) AND l.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM amocrm_links k
                              WHERE k.account_id = $1 AND k.entity = '{AmoCrmRecordImporter.Leads}' AND k.mak_id = l.id)
            ON CONFLICT DO NOTHING
            """;

    private static readonly string QueueCreated = QueueCreates("l.id = ANY($2)");

    // The full reconciliation of a cursor the feed's purge passed: every linked lead and every contact the sync has
    // kept in step due (the write sends only what differs from the synced values) and every lead made since the sync
    // started ($2) queued.
    private static readonly string Reconcile = $"""
        WITH due AS (
            {MarkLinksDue(
                $"entity = '{AmoCrmRecordImporter.Leads}' "
                    + $"OR entity = '{AmoCrmRecordImporter.Contacts}' AND synced IS NOT NULL"
            )})
        {QueueCreates("l.created_at >= $2")}
        """;

    // Due creations with the lead's synced fields and its client; "gone" when the lead or client was deleted or the
    // lead got linked meanwhile, and the client's amoCRM contact when it has one.
    private const string TakeCreates = $"""
        SELECT c.lead_id,
            l.id IS NULL OR l.deleted_at IS NOT NULL OR cl.deleted_at IS NOT NULL OR EXISTS (
                SELECT 1 FROM amocrm_links k
                WHERE k.account_id = c.account_id AND k.entity = '{AmoCrmRecordImporter.Leads}' AND k.mak_id = l.id),
            l.status, l.responsible_user_id, l.requested_amount, cl.id, cl.full_name, cl.phone, cl.email,
            (SELECT min(k.amo_id) FROM amocrm_links k
             WHERE k.account_id = c.account_id AND k.entity = '{AmoCrmRecordImporter.Contacts}' AND k.mak_id = cl.id)
        FROM amocrm_lead_creates c LEFT JOIN leads l ON l.id = c.lead_id LEFT JOIN clients cl ON cl.id = l.client_id
        WHERE c.account_id = $1 AND c.push_due_at IS NOT NULL
        ORDER BY c.push_due_at, c.lead_id LIMIT $2
        FOR UPDATE OF c SKIP LOCKED
        """;

    // Answers how many of the deliveries have now spent their attempts ($5).
    private const string DeliveriesFailed = """
        WITH failed AS (
            UPDATE amocrm_inbox SET failure = left($3, 2000), lease_owner = NULL, lease_expires_at = $4
            WHERE id = ANY($1) AND lease_owner = $2
            RETURNING attempts)
        SELECT count(*) FILTER (WHERE attempts >= $5) FROM failed
        """;

    private const string Synced = """
        UPDATE amocrm_links k SET synced = v.synced::jsonb, push_due_at = NULL, push_failure = NULL,
            push_failure_id = NULL, push_failed_at = NULL
        FROM unnest($2::bigint[], $3::text[]) AS v(amo_id, synced)
        WHERE k.account_id = $1 AND k.entity = $4 AND k.amo_id = v.amo_id
        """;

    /// <summary>The most pages of changed leads one poll reads; the next poll goes on from where it stopped.</summary>
    public const int PollMaxPages = 20;

    // Claims the due poll of a running sync until the lease runs out, and answers where it reads from.
    private const string ClaimPoll = """
        UPDATE amocrm_syncs SET poll_due_at = $2
        WHERE account_id = $1 AND state = $4 AND coalesce(poll_due_at, '-infinity') <= $3
        RETURNING coalesce(polled_through, started_at)
        """;

    // Where the round reached, and when the next is due; unless a replay moved the poll back to before where the round
    // read from ($6) meanwhile: then the replay's place and due time stand.
    private const string Polled = """
        UPDATE amocrm_syncs SET
            polled_through = CASE WHEN coalesce(polled_through, started_at) = $6 THEN $2 ELSE polled_through END,
            poll_due_at = CASE WHEN coalesce(polled_through, started_at) = $6 THEN $3 ELSE poll_due_at END,
            last_inbound_at = CASE WHEN $4 THEN $5 ELSE last_inbound_at END, updated_at = $5
        WHERE account_id = $1
        """;

    // When this instance tries a poll's claim next: at most twice an interval, so an idle instance does not write
    // every inbox round.
    private DateTimeOffset _pollNotBefore = DateTimeOffset.MinValue;

    /// <summary>Names this runner in leases: the host, the process and this object.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private sealed record SyncRow(
        long AccountId,
        string State,
        long FeedCursor,
        Guid ConnectionId,
        Uri BaseUrl,
        DateTimeOffset StartedAt
    );

    /// <summary>Applies the next batch of stored deliveries; answers how many it applied (0 when paused or none
    /// waits).</summary>
    public async Task<int> ApplyInboxAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await SyncAsync(connection, null, cancellationToken) is not { } sync || sync.State != Running)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var deliveries = new List<(Guid Id, string Body)>();
        await using (var claim = new NpgsqlCommand(Claim, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = WorkerId });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.SyncLease });
            claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sync.AccountId });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.InboxBatch });
            claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.InboxMaxAttempts });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                deliveries.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        if (deliveries.Count == 0)
        {
            return 0;
        }

        try
        {
            await ApplyDeliveriesAsync(connection, sync, deliveries, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Tried again after a delay, up to the attempt limit (the claim counts the attempts); the reason is kept,
            // and head office is told of the deliveries that spent their attempts.
            LogDeliveriesFailed(logger, e, deliveries.Count);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var failed = await CountAsync(
                connection,
                transaction,
                DeliveriesFailed,
                cancellationToken,
                new NpgsqlParameter<Guid[]> { TypedValue = [.. deliveries.Select(d => d.Id)] },
                new NpgsqlParameter<string> { TypedValue = WorkerId },
                new NpgsqlParameter<string> { TypedValue = e.Message },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() + options.Value.InboxRetryDelay },
                new NpgsqlParameter<int> { TypedValue = options.Value.InboxMaxAttempts }
            );
            if (failed > 0)
            {
                await alerts.TellAsync(
                    connection,
                    transaction,
                    "amoCRM: изменения из amoCRM не применены",
                    "Не удалось применить уведомлений amoCRM "
                        + $"после всех попыток: {failed}. "
                        + $"Причина: {e.Message} {AmoCrmAlerts.SeeTheFailures}",
                    cancellationToken
                );
            }

            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        return deliveries.Count;
    }

    /// <summary>Reads the leads the deliveries name from amoCRM, applies them, and marks the deliveries
    /// applied.</summary>
    private async Task ApplyDeliveriesAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        List<(Guid Id, string Body)> deliveries,
        CancellationToken cancellationToken
    )
    {
        var named = deliveries.SelectMany(d => AmoCrmWebhookForm.Changes(d.Body)).ToList();
        List<long> Named(string entity) => [.. named.Where(c => c.Entity == entity).Select(c => c.Id).Distinct()];
        var mapping = await MappingAsync(sync.AccountId, cancellationToken);
        var ids = await WithChangesAsync(
            connection,
            sync,
            mapping,
            AmoCrmRecordImporter.Leads,
            named,
            Named(AmoCrmRecordImporter.Leads),
            cancellationToken
        );
        var links = await AmoCrmRecordImporter.LinksAsync(
            connection,
            null,
            sync.AccountId,
            AmoCrmRecordImporter.Leads,
            ids,
            cancellationToken
        );

        var fresh = new List<JsonObject>();
        foreach (var chunk in ids.Order().Chunk(ReadBatch))
        {
            var (linked, unlinked) = Split(
                await ReadAsync(sync, AmoCrmRecordImporter.Leads, chunk, cancellationToken),
                links
            );
            fresh.AddRange(unlinked);
            Applied("lead", await changes.ApplyLeadsAsync(sync.AccountId, mapping, linked, cancellationToken));
        }

        await ImportNewAsync(connection, sync, mapping, fresh, cancellationToken);
        var contacts = await WithChangesAsync(
            connection,
            sync,
            mapping,
            AmoCrmRecordImporter.Contacts,
            named,
            Named(AmoCrmRecordImporter.Contacts),
            cancellationToken
        );
        await ApplyContactsAsync(connection, sync, mapping, contacts, cancellationToken);

        var applied = clock.GetUtcNow();
        await ExecuteAsync(
            connection,
            null,
            """
            UPDATE amocrm_inbox SET processed_at = $3, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = ANY($1) AND lease_owner = $2
            """,
            cancellationToken,
            new NpgsqlParameter<Guid[]> { TypedValue = [.. deliveries.Select(d => d.Id)] },
            new NpgsqlParameter<string> { TypedValue = WorkerId },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = applied }
        );
        await ExecuteAsync(
            connection,
            null,
            "UPDATE amocrm_syncs SET last_inbound_at = $2, updated_at = $2 WHERE account_id = $1",
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = sync.AccountId },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = applied }
        );
        await ExecuteAsync(
            connection,
            null,
            "DELETE FROM amocrm_inbox WHERE processed_at < $1",
            cancellationToken,
            new NpgsqlParameter<DateTimeOffset> { TypedValue = applied - options.Value.InboxRetention }
        );
    }

    /// <summary>Reads the linked ones of the contacts a delivery names from amoCRM and applies them to their clients
    /// (<see cref="AmoCrmRecordChanges.ApplyContactsAsync"/>); a contact that is not linked comes in with its lead.
    /// </summary>
    private async Task ApplyContactsAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        StoredAmoCrmMapping mapping,
        List<long> ids,
        CancellationToken cancellationToken
    )
    {
        var links = await AmoCrmRecordImporter.LinksAsync(
            connection,
            null,
            sync.AccountId,
            AmoCrmRecordImporter.Contacts,
            ids,
            cancellationToken
        );
        foreach (var chunk in links.Keys.Order().Chunk(ReadBatch))
        {
            var records = await ReadAsync(sync, AmoCrmRecordImporter.Contacts, chunk, cancellationToken);
            Applied(
                "contact",
                await changes.ApplyContactsAsync(
                    sync.AccountId,
                    mapping,
                    [.. records.Select(r => (links[AmoCrmReader.Long(r["id"])], r))],
                    cancellationToken
                )
            );
        }
    }

    /// <summary>
    /// The records of <paramref name="entity"/> among <paramref name="ids"/> that may hold a change: all but the
    /// linked ones every delivery names with values equal to those last synced (the webhook of the sync's own write,
    /// a delivery twice or late), which hold none to read. A delivery is only a claim, so it never changes MaK: at most
    /// it spares a read. A value MaK would leave out of the record (a status the mapping does not name) counts as
    /// none, as applying the record read would leave it out too. The synced values are read as the outbox's writes in
    /// flight leave them (<c>FOR SHARE</c> waits for a batch that holds them locked), in amoCRM id order as every lock
    /// of links is taken.
    /// </summary>
    private async Task<List<long>> WithChangesAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        StoredAmoCrmMapping mapping,
        string entity,
        List<AmoCrmWebhookForm.Change> named,
        List<long> ids,
        CancellationToken cancellationToken
    )
    {
        var synced = new Dictionary<long, Dictionary<string, string?>>();
        await using (
            var command = new NpgsqlCommand(
                """
                SELECT amo_id, synced::text FROM amocrm_links
                WHERE account_id = $1 AND entity = $3 AND amo_id = ANY($2) AND synced IS NOT NULL
                ORDER BY amo_id FOR SHARE
                """,
                connection
            )
        )
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sync.AccountId });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. ids] });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entity });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                synced[reader.GetInt64(0)] = AmoCrmSyncedValues.Read(reader.GetString(1));
            }
        }

        var (fields, valuesOf) =
            entity == AmoCrmRecordImporter.Leads
                ? (
                    AmoCrmSyncRules.LeadFields,
                    (Func<JsonObject, StoredAmoCrmMapping, Dictionary<string, string?>>)AmoCrmRecordChanges.LeadValues
                )
                : (AmoCrmSyncRules.ContactFields, AmoCrmRecordChanges.ContactValues);
        var deliveredOf = named.Where(c => c.Entity == entity).ToLookup(c => c.Id);
        bool Unchanged(long id) =>
            synced.TryGetValue(id, out var last)
            && deliveredOf[id]
                .All(change =>
                {
                    var delivered = valuesOf(change.Delivered, mapping);
                    // A value MaK does not take is left out of a record's values, as applying it leaves it out.
                    return fields.All(f => delivered.GetValueOrDefault(f.Field) == last.GetValueOrDefault(f.Field));
                });
        return [.. ids.Where(id => !Unchanged(id))];
    }

    /// <summary>amoCRM's records split into the linked ones, each with its MaK record, and the others.</summary>
    private static (List<(Guid MakId, JsonObject Record)> Linked, List<JsonObject> Unlinked) Split(
        List<JsonObject> records,
        Dictionary<long, Guid> links
    )
    {
        var (linked, unlinked) = (new List<(Guid, JsonObject)>(), new List<JsonObject>());
        foreach (var record in records)
        {
            if (links.TryGetValue(AmoCrmReader.Long(record["id"]), out var makId))
            {
                linked.Add((makId, record));
            }
            else
            {
                unlinked.Add(record);
            }
        }

        return (linked, unlinked);
    }

    /// <summary>Fails the deliveries' application when MaK refused a record they name (the others are applied): they
    /// are tried again, and the failure is head office's to see once they spent their attempts.</summary>
    private static void Applied(string entity, AmoCrmApplied applied)
    {
        if (applied.Refused.Count > 0)
        {
            var (amoId, error) = applied.Refused.First();
            throw new InvalidOperationException(
                $"amoCRM's change of {entity} {amoId} could not be applied: {error.Message}"
            );
        }
    }

    /// <summary>
    /// Webhooks are best-effort: when a poll is due (every <see cref="AmoCrmOptions.SyncPollInterval"/>, claimed by one
    /// instance under a lease), reads the leads and the contacts amoCRM changed since the last poll, from a minute
    /// before it (<c>filter[updated_at][from]</c>, oldest first, 250 a page, at most <see cref="PollMaxPages"/> pages
    /// of each), and applies them as the inbox applies them (the linked ones changed, new leads brought in); a change
    /// MaK refuses is logged and left to the record's next change. Answers how many records it read (0 when no poll
    /// was due).
    /// </summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < _pollNotBefore)
        {
            return 0;
        }

        _pollNotBefore = now + options.Value.SyncPollInterval / 2;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await SyncAsync(connection, null, cancellationToken) is not { } sync || sync.State != Running)
        {
            return 0;
        }

        DateTimeOffset from;
        await using (var claim = new NpgsqlCommand(ClaimPoll, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sync.AccountId });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.SyncLease });
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Running });
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return 0;
            }

            from = await reader.GetFieldValueAsync<DateTimeOffset>(0, cancellationToken);
        }

        var mapping = await MappingAsync(sync.AccountId, cancellationToken);

        var since = (from - AmoCrmImportRunner.CatchUpOverlap).ToUnixTimeSeconds();
        var leads = await PollPagesAsync(
            connection,
            sync,
            mapping,
            AmoCrmRecordImporter.Leads,
            since,
            cancellationToken
        );
        var contacts = await PollPagesAsync(
            connection,
            sync,
            mapping,
            AmoCrmRecordImporter.Contacts,
            since,
            cancellationToken
        );
        var (read, changed) = (leads.Read + contacts.Read, leads.Changed || contacts.Changed);

        // The next poll reads from the latest change read, or from where a read the page limit cut short stopped.
        PollPages[] polled = [leads, contacts];
        var reached = polled.Any(p => p.CutShort)
            ? polled.Where(p => p.CutShort).Min(p => p.Reached)
            : polled.Max(p => p.Reached);
        reached = reached > from ? reached : from;

        var done = clock.GetUtcNow();
        await ExecuteAsync(
            connection,
            null,
            Polled,
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = sync.AccountId },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = reached },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = done + options.Value.SyncPollInterval },
            new NpgsqlParameter<bool> { TypedValue = changed },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = done },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = from }
        );
        return read;
    }

    private sealed record PollPages(int Read, bool Changed, DateTimeOffset Reached, bool CutShort);

    /// <summary>Reads the records of <paramref name="entity"/> amoCRM changed since <paramref name="since"/> (oldest
    /// first, at most <see cref="PollMaxPages"/> pages) and applies the linked ones; new leads are brought in, a
    /// contact that is not linked comes in with its lead. A change MaK refuses is logged and left to the record's next
    /// change. Answers how many it read, whether any MaK record changed, the latest change read, and whether pages were
    /// left.</summary>
    private async Task<PollPages> PollPagesAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        StoredAmoCrmMapping mapping,
        string entity,
        long since,
        CancellationToken cancellationToken
    )
    {
        var (read, changed, reached) = (0, false, DateTimeOffset.MinValue);
        for (var page = 1; page <= PollMaxPages; page++)
        {
            var (records, links, more) = await ReadPageAsync(
                connection,
                sync,
                entity,
                page,
                $"filter[updated_at][from]={since.ToString(CultureInfo.InvariantCulture)}&order[updated_at]=asc",
                cancellationToken
            );
            read += records.Count;
            foreach (var record in records)
            {
                var updatedAt = DateTimeOffset.FromUnixTimeSeconds(AmoCrmReader.Long(record["updated_at"]));
                reached = updatedAt > reached ? updatedAt : reached;
            }

            var (linked, fresh) = Split(records, links);
            var applied =
                entity == AmoCrmRecordImporter.Leads
                    ? await changes.ApplyLeadsAsync(sync.AccountId, mapping, linked, cancellationToken)
                    : await changes.ApplyContactsAsync(sync.AccountId, mapping, linked, cancellationToken);
            changed |= applied.Changed > 0;
            foreach (var (amoId, error) in applied.Refused)
            {
                LogPollRefused(logger, entity, amoId, error.Message);
            }

            if (entity == AmoCrmRecordImporter.Leads)
            {
                changed |= await ImportNewAsync(connection, sync, mapping, fresh, cancellationToken) > 0;
            }

            if (!more)
            {
                return new PollPages(read, changed, reached, false);
            }
        }

        return new PollPages(read, changed, reached, true);
    }

    // Claims the due comparison of a running sync until the lease runs out; the first is due an interval after the
    // start ($5).
    private const string ClaimReconcile = """
        UPDATE amocrm_syncs SET reconcile_due_at = $2
        WHERE account_id = $1 AND state = $4 AND coalesce(reconcile_due_at, started_at + $5) <= $3
        RETURNING 1
        """;

    // When this instance tries the comparison's claim next, as for the poll.
    private DateTimeOffset _reconcileNotBefore = DateTimeOffset.MinValue;

    /// <summary>
    /// Once a day (<see cref="AmoCrmOptions.SyncReconcileInterval"/>, claimed by one instance under a lease), while the
    /// sync runs: reads every lead of the amoCRM pipelines the mapping names (250 a page, by id), brings in those that
    /// are not linked as the inbox brings a new lead (<see cref="ImportNewAsync"/>: the webhooks and the poll missed
    /// them), counts per pipeline what amoCRM holds, what is linked to MaK and what was brought in, and counts MaK's
    /// links whose amoCRM lead none of those pipelines holds; the counts are the sync's <c>lastReconciliation</c>.
    /// Answers how many leads it read (0 when none was due).
    /// </summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < _reconcileNotBefore)
        {
            return 0;
        }

        _reconcileNotBefore = now + options.Value.SyncPollInterval / 2;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await SyncAsync(connection, null, cancellationToken) is not { } sync || sync.State != Running)
        {
            return 0;
        }

        await using (var claim = new NpgsqlCommand(ClaimReconcile, connection))
        {
            claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sync.AccountId });
            claim.Parameters.Add(
                new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.SyncReconcileLease }
            );
            claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Running });
            claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.SyncReconcileInterval });
            if (await claim.ExecuteScalarAsync(cancellationToken) is null)
            {
                return 0;
            }
        }

        var mapping = await MappingAsync(sync.AccountId, cancellationToken);
        var read = new List<long>();
        var pipelines = new List<Contracts.AmoCrmPipelineCount>();
        foreach (var pipeline in mapping.Statuses.Select(s => s.AmoPipelineId).Distinct().Order())
        {
            var (inAmoCrm, inMak, broughtIn) = (0, 0, 0);
            for (var page = 1; ; page++)
            {
                var (records, links, more) = await ReadPageAsync(
                    connection,
                    sync,
                    AmoCrmRecordImporter.Leads,
                    page,
                    $"filter[pipeline_id]={pipeline.ToString(CultureInfo.InvariantCulture)}&order[id]=asc",
                    cancellationToken
                );
                var ids = records.Select(r => AmoCrmReader.Long(r["id"])).ToList();
                var made = await ImportNewAsync(
                    connection,
                    sync,
                    mapping,
                    [.. records.Where(r => !links.ContainsKey(AmoCrmReader.Long(r["id"])))],
                    cancellationToken
                );
                read.AddRange(ids);
                (inAmoCrm, inMak, broughtIn) = (inAmoCrm + ids.Count, inMak + links.Count + made, broughtIn + made);
                if (!more)
                {
                    break;
                }
            }

            pipelines.Add(new Contracts.AmoCrmPipelineCount(pipeline, inAmoCrm, inMak, broughtIn));
        }

        var missing = await CountAsync(
            connection,
            null,
            $"""
            SELECT count(*) FROM amocrm_links
            WHERE account_id = $1 AND entity = '{AmoCrmRecordImporter.Leads}' AND NOT (amo_id = ANY($2))
            """,
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = sync.AccountId },
            new NpgsqlParameter<long[]> { TypedValue = [.. read] }
        );
        var done = clock.GetUtcNow();
        await ExecuteAsync(
            connection,
            null,
            """
            UPDATE amocrm_syncs SET last_reconciliation = $2::jsonb, reconcile_due_at = $3, updated_at = $4
            WHERE account_id = $1
            """,
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = sync.AccountId },
            new NpgsqlParameter<string>
            {
                TypedValue = AmoCrmReconciliations.Write(
                    new Contracts.AmoCrmReconciliation(done, pipelines, (int)missing)
                ),
            },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = done + options.Value.SyncReconcileInterval },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = done }
        );
        LogReconciled(logger, read.Count, pipelines.Sum(p => p.BroughtIn), missing);
        return read.Count;
    }

    /// <summary>Marks the leads the feed's new events name as due (and the new leads to create), then, while the
    /// sync runs, creates the new leads in amoCRM and writes the due ones; answers how many events it read (as many
    /// as a batch: more may wait).</summary>
    public async Task<int> PushAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var read = await MarkDueAsync(connection, cancellationToken);
        if (await SyncAsync(connection, null, cancellationToken) is { } sync && sync.State == Running)
        {
            // The new leads first (each sent with its values as they are now), then the changes of linked ones.
            foreach (var batch in new[] { CreateDueAsync, PushDueAsync, PushContactsDueAsync })
            {
                while (await batch(connection, sync, cancellationToken) is var round && (round.Full || round.Refused))
                {
                    // A full batch, or one whose refused leads were set aside: more may be due.
                }
            }
        }

        return read;
    }

    private sealed record NewLead(
        Guid LeadId,
        Dictionary<string, string?> Mak,
        Guid ClientId,
        string Name,
        string Phone,
        string? Email,
        long? ContactAmoId
    );

    /// <summary>
    /// One batch of due new leads created in amoCRM by <c>POST /api/v4/leads/complex</c>, each with its client as the
    /// contact (the client's linked amoCRM contact when it has one, else a new contact with the name, phone and
    /// e-mail) and the synced fields as a write sends them; each lead and new contact is linked, the lead with the
    /// values sent as synced, so amoCRM's webhook of the creation changes nothing and the next change goes both
    /// ways. A creation whose lead is gone or linked meanwhile is dropped. Answers as <see cref="PushDueAsync"/>.
    /// </summary>
    private async Task<(bool Full, bool Refused)> CreateDueAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        CancellationToken cancellationToken
    )
    {
        var mapping = await MappingAsync(sync.AccountId, cancellationToken);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var taken = new List<Guid>();
        var due = new List<NewLead>();
        await using (var take = new NpgsqlCommand(TakeCreates, connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sync.AccountId });
            take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PushBatch });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                taken.Add(reader.GetGuid(0));
                if (reader.GetBoolean(1))
                {
                    continue;
                }

                due.Add(
                    new NewLead(
                        reader.GetGuid(0),
                        AmoCrmSyncRules.ValuesOf(
                            reader.GetString(2),
                            await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetGuid(3),
                            await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetDecimal(4)
                        ),
                        reader.GetGuid(5),
                        reader.GetString(6),
                        reader.GetString(7),
                        await reader.IsDBNullAsync(8, cancellationToken) ? null : reader.GetString(8),
                        await reader.IsDBNullAsync(9, cancellationToken) ? null : reader.GetInt64(9)
                    )
                );
            }
        }

        if (taken.Count == 0)
        {
            return (false, false);
        }

        // Held until the links are committed, so amoCRM's webhook of a creation is never taken for a new lead.
        await AmoCrmRecordImporter.LockLinksAsync(connection, transaction, sync.AccountId, cancellationToken);
        var links = new List<AmoCrmLinkDraft>();
        if (due.Count > 0)
        {
            var amountField = AmoCrmRecordImporter.AmountField(mapping);
            var items = new JsonArray();
            foreach (var lead in due)
            {
                // amoCRM names each lead of its answer, and of its refusal, by this index.
                var item = new JsonObject
                {
                    ["name"] = lead.Name,
                    ["request_id"] = items.Count.ToString(CultureInfo.InvariantCulture),
                };
                foreach (var (field, _) in AmoCrmSyncRules.LeadFields)
                {
                    Write(item, field, lead.Mak[field], mapping, amountField);
                }

                item["_embedded"] = new JsonObject
                {
                    ["contacts"] = new JsonArray(
                        lead.ContactAmoId is { } contactId
                            ? new JsonObject { ["id"] = contactId }
                            : NewContact(lead.Name, lead.Phone, lead.Email)
                    ),
                };
                items.Add(item);
            }

            var (sent, answer) = await SendBatchAsync(
                connection,
                transaction,
                sync,
                (HttpMethod.Post, "api/v4/leads/complex", items),
                refused =>
                    refused
                        .Where(r => r.Key >= 0 && r.Key < due.Count)
                        .ToDictionary(r => due[(int)r.Key].LeadId, r => r.Value),
                CreateRefused,
                CreationRefused,
                cancellationToken
            );
            if (sent != BatchOutcome.Written)
            {
                return sent == BatchOutcome.SetAside ? (taken.Count == PushBatch, true) : (false, false);
            }

            foreach (var created in (answer as JsonArray ?? []).OfType<JsonObject>())
            {
                var index = created["request_id"] is JsonArray ids ? ids.FirstOrDefault() : created["request_id"];
                if (
                    !int.TryParse(AmoCrmReader.Text(index), CultureInfo.InvariantCulture, out var i)
                    || i < 0
                    || i >= due.Count
                )
                {
                    continue;
                }

                var lead = due[i];
                links.Add(
                    new AmoCrmLinkDraft(
                        AmoCrmRecordImporter.Leads,
                        AmoCrmReader.Long(created["id"]),
                        lead.LeadId,
                        AmoCrmSyncedValues.Write(lead.Mak)
                    )
                );
                if (lead.ContactAmoId is null && created["contact_id"] is { } contact)
                {
                    links.Add(
                        new AmoCrmLinkDraft(AmoCrmRecordImporter.Contacts, AmoCrmReader.Long(contact), lead.ClientId)
                    );
                }
            }
        }

        var now = clock.GetUtcNow();
        await AmoCrmImportSql.WriteLinksAsync(
            connection,
            transaction,
            sync.AccountId,
            null,
            links,
            now,
            cancellationToken
        );
        await ExecuteAsync(
            connection,
            transaction,
            "DELETE FROM amocrm_lead_creates WHERE account_id = $1 AND lead_id = ANY($2)",
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = sync.AccountId },
            new NpgsqlParameter<Guid[]> { TypedValue = [.. taken] }
        );
        if (due.Count > 0)
        {
            await Outbound(connection, transaction, sync.AccountId, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (taken.Count == PushBatch, false);
    }

    /// <summary>A new amoCRM contact for a client: the name, the phone (mobile) and the e-mail (work) in the
    /// predefined multitext fields, named by their codes.</summary>
    private static JsonObject NewContact(string name, string phone, string? email)
    {
        static JsonObject Multitext(string code, string value, string enumCode) =>
            new()
            {
                ["field_code"] = code,
                ["values"] = new JsonArray(new JsonObject { ["value"] = value, ["enum_code"] = enumCode }),
            };

        var values = new JsonArray(Multitext("PHONE", phone, "MOB"));
        if (email is not null)
        {
            values.Add(Multitext("EMAIL", email, "WORK"));
        }

        return new JsonObject { ["name"] = name, ["custom_fields_values"] = values };
    }

    private enum BatchOutcome
    {
        Written,
        SetAside,
        Refused,
    }

    /// <summary>
    /// Sends one batch of the outbox to amoCRM and answers its body when amoCRM wrote it. amoCRM writes all of a batch
    /// or none of it: the items its validation errors name (by request_id, read into the outbox's keys by
    /// <paramref name="keys"/>) keep amoCRM's answer and are set aside by <paramref name="setAside"/>, so they do not
    /// hold up the rest, which stays due for the next batch (the transaction committed); any other refusal leaves the
    /// batch due and is logged (the transaction rolled back).
    /// </summary>
    private async Task<(BatchOutcome Outcome, JsonNode? Answer)> SendBatchAsync<TKey>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SyncRow sync,
        (HttpMethod Method, string Path, JsonArray Items) batch,
        Func<Dictionary<long, string>, Dictionary<TKey, string>> keys,
        string setAside,
        (string Title, string Refusal) notice,
        CancellationToken cancellationToken
    )
        where TKey : notnull
    {
        var answer = await api.SendAsync(
            batch.Method,
            sync.ConnectionId,
            sync.AccountId,
            sync.BaseUrl,
            batch.Path,
            batch.Items,
            cancellationToken
        );
        if (answer.Status == HttpStatusCode.OK)
        {
            return (BatchOutcome.Written, answer.Body);
        }

        LogRefused(logger, (int)answer.Status, answer.Body?.ToJsonString() ?? "");
        var refused = keys(Refused(answer.Body));
        if (refused.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (BatchOutcome.Refused, null);
        }

        await SetAsideAsync(connection, transaction, sync.AccountId, setAside, refused, notice, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (BatchOutcome.SetAside, null);
    }

    /// <summary>Sets aside the outbox's rows amoCRM refused (<paramref name="refused"/>: each row's key and what
    /// amoCRM said of it), and tells head office of those refused for the first time.</summary>
    private async Task SetAsideAsync<TKey>(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        string sql,
        Dictionary<TKey, string> refused,
        (string Title, string Refusal) notice,
        CancellationToken cancellationToken
    )
        where TKey : notnull
    {
        var now = clock.GetUtcNow();
        var first = await CountAsync(
            connection,
            transaction,
            sql,
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = accountId },
            new NpgsqlParameter<TKey[]> { TypedValue = [.. refused.Keys] },
            new NpgsqlParameter<string[]> { TypedValue = [.. refused.Values] },
            new NpgsqlParameter<Guid[]> { TypedValue = [.. refused.Keys.Select(_ => Guid.CreateVersion7(now))] },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = now }
        );
        if (first > 0)
        {
            await alerts.TellAsync(
                connection,
                transaction,
                notice.Title,
                $"{notice.Refusal}: {first} (например: {refused.First().Value}). {AmoCrmAlerts.SeeTheFailures}",
                cancellationToken
            );
        }
    }

    private static Task Outbound(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        DateTimeOffset at,
        CancellationToken cancellationToken
    ) =>
        ExecuteAsync(
            connection,
            transaction,
            "UPDATE amocrm_syncs SET last_outbound_at = $2, updated_at = $2 WHERE account_id = $1",
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = accountId },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = at }
        );

    private async Task<int> MarkDueAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await SyncAsync(connection, transaction, cancellationToken) is not { } sync)
        {
            return 0;
        }

        long high,
            horizon;
        await using (
            var highest = new NpgsqlCommand(
                """
                SELECT coalesce(max(sequence), 0),
                    coalesce((SELECT purged_through FROM event_horizon WHERE id = 1), 0)
                FROM events
                """,
                connection,
                transaction
            )
        )
        {
            await using var reader = await highest.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (high, horizon) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (horizon > sync.FeedCursor)
        {
            // The feed's purge passed the cursor (the workers were down longer than the feed keeps): MaK's changes
            // since are not all in the feed, so every linked lead is compared again and every lead made since the
            // start is queued, before anything else goes out; the cursor then goes on from the horizon.
            LogReconciling(logger, sync.FeedCursor, horizon);
            await ExecuteAsync(
                connection,
                transaction,
                Reconcile,
                cancellationToken,
                new NpgsqlParameter<long> { TypedValue = sync.AccountId },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = sync.StartedAt },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() },
                CreatedInAmoCrm()
            );
            sync = sync with { FeedCursor = horizon };
            await MoveCursorAsync(connection, transaction, sync.AccountId, horizon, cancellationToken);
        }

        if (high <= sync.FeedCursor)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        IReadOnlyList<Application.Abstractions.Events.EventRecord> events;
        await using (var command = new NpgsqlCommand(ReadEvents, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = sync.FeedCursor });
            command.Parameters.Add(new NpgsqlParameter { Value = high });
            command.Parameters.Add(SqlParameters.TextArray(SyncedEvents));
            command.Parameters.Add(SqlParameters.Integer(options.Value.OutboxBatch));
            events = await EventFeed.ReadAllAsync(command, cancellationToken);
        }

        var reached = events.Count < options.Value.OutboxBatch ? high : events[^1].Sequence;
        await ExecuteAsync(
            connection,
            transaction,
            MarkDue,
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = sync.AccountId },
            new NpgsqlParameter<Guid[]> { TypedValue = Named(events, e => e.Type != ClientUpdated) },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() },
            new NpgsqlParameter<Guid[]> { TypedValue = Named(events, e => e.Type == ClientUpdated) }
        );
        Guid[] created =
        [
            .. events.Where(e => e.Type == EventTypes.LeadCreated.Name).Select(e => e.ResourceId).Distinct(),
        ];
        if (created.Length > 0)
        {
            await ExecuteAsync(
                connection,
                transaction,
                QueueCreated,
                cancellationToken,
                new NpgsqlParameter<long> { TypedValue = sync.AccountId },
                new NpgsqlParameter<Guid[]> { TypedValue = created },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() },
                CreatedInAmoCrm()
            );
        }
        await MoveCursorAsync(connection, transaction, sync.AccountId, reached, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    private static Guid[] Named(
        IEnumerable<Application.Abstractions.Events.EventRecord> events,
        Func<Application.Abstractions.Events.EventRecord, bool> which
    ) => [.. events.Where(which).Select(e => e.ResourceId).OfType<Guid>().Distinct()];

    private static NpgsqlParameter CreatedInAmoCrm() =>
        SqlParameters.TextArray(AmoCrmSyncRules.CreatedInAmoCrm.Select(k => SnakeCaseNames.Of(k)));

    private static Task MoveCursorAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        long accountId,
        long cursor,
        CancellationToken cancellationToken
    ) =>
        ExecuteAsync(
            connection,
            transaction,
            "UPDATE amocrm_syncs SET feed_cursor = $2 WHERE account_id = $1",
            cancellationToken,
            new NpgsqlParameter<long> { TypedValue = accountId },
            new NpgsqlParameter<long> { TypedValue = cursor }
        );

    /// <summary>One batch of due links written to amoCRM; answers whether the batch was full (more may be due), and
    /// whether amoCRM refused some of them (the rest are due again at once).</summary>
    private async Task<(bool Full, bool Refused)> PushDueAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due =
            new List<(long AmoId, Dictionary<string, string?>? Synced, Dictionary<string, string?> Mak, bool Gone)>();
        await using (var take = new NpgsqlCommand(TakeDue, connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sync.AccountId });
            take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = PushBatch });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var stored = await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1);
                due.Add(
                    (
                        reader.GetInt64(0),
                        stored is null ? null : AmoCrmSyncedValues.Read(stored),
                        AmoCrmSyncRules.ValuesOf(
                            reader.GetString(2),
                            (await reader.IsDBNullAsync(3, cancellationToken) ? null : reader.GetGuid(3)),
                            (await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetDecimal(4))
                        ),
                        reader.GetBoolean(5)
                    )
                );
            }
        }

        if (due.Count == 0)
        {
            return (false, false);
        }

        var mapping = await MappingAsync(sync.AccountId, cancellationToken);

        var amountField = AmoCrmRecordImporter.AmountField(mapping);
        var written = new List<(long AmoId, JsonObject Write, Dictionary<string, string?> Synced)>();
        foreach (var (amoId, before, mak, gone) in due)
        {
            var next = new Dictionary<string, string?>(before ?? [], StringComparer.Ordinal);
            var write = new JsonObject { ["id"] = amoId };
            foreach (var (field, _) in AmoCrmSyncRules.LeadFields)
            {
                if (gone || (before is not null && before.GetValueOrDefault(field) == mak[field]))
                {
                    continue;
                }

                next[field] = mak[field];
                Write(write, field, mak[field], mapping, amountField);
            }

            written.Add((amoId, write, next));
        }

        return await WriteDueAsync(
            connection,
            transaction,
            sync,
            (AmoCrmRecordImporter.Leads, WriteRefused),
            due.Count == PushBatch,
            written,
            cancellationToken
        );
    }

    /// <summary>Writes the due links' changes, <see cref="PushBatch"/> a <c>PATCH /api/v4/{entity}</c> (each link's
    /// write, left out when it holds no field), and stores each written batch's values sent as synced, in the round's
    /// transaction; a batch amoCRM refuses ends the round with the batches before it kept (<see cref="SendBatchAsync"/>
    /// commits or rolls back). Answers whether the round took all it could (<paramref name="full"/>: more may be due)
    /// and whether amoCRM refused some.</summary>
    private async Task<(bool Full, bool Refused)> WriteDueAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        SyncRow sync,
        (string Entity, (string Title, string Refusal) Notice) of,
        bool full,
        List<(long AmoId, JsonObject Write, Dictionary<string, string?> Synced)> written,
        CancellationToken cancellationToken
    )
    {
        var wrote = false;
        foreach (var batch in written.Chunk(PushBatch))
        {
            var writes = new JsonArray();
            foreach (var (amoId, write, _) in batch.Where(w => w.Write.Count > 1))
            {
                // amoCRM names a refused item by its request_id in the answer's validation-errors.
                write["request_id"] = amoId.ToString(CultureInfo.InvariantCulture);
                writes.Add(write);
            }

            if (writes.Count > 0)
            {
                var (sent, _) = await SendBatchAsync(
                    connection,
                    transaction,
                    sync,
                    (HttpMethod.Patch, $"api/v4/{of.Entity}", writes),
                    refused => refused,
                    PushRefused(of.Entity),
                    of.Notice,
                    cancellationToken
                );
                if (sent != BatchOutcome.Written)
                {
                    return sent == BatchOutcome.SetAside ? (full, true) : (false, false);
                }

                wrote = true;
            }

            await ExecuteAsync(
                connection,
                transaction,
                Synced,
                cancellationToken,
                new NpgsqlParameter<long> { TypedValue = sync.AccountId },
                new NpgsqlParameter<long[]> { TypedValue = [.. batch.Select(w => w.AmoId)] },
                new NpgsqlParameter<string[]>
                {
                    TypedValue = [.. batch.Select(w => AmoCrmSyncedValues.Write(w.Synced))],
                },
                new NpgsqlParameter<string> { TypedValue = of.Entity }
            );
        }

        if (wrote)
        {
            await Outbound(connection, transaction, sync.AccountId, clock.GetUtcNow(), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (full, false);
    }

    /// <summary>
    /// Up to <see cref="ReadBatch"/> due contact links written to amoCRM (<see cref="PushBatch"/> a write): the
    /// clients' full name, phone and e-mail whose values differ from those last synced (every one when never synced)
    /// and from the contact's, read just before in one request.
    /// A phone or e-mail is written into the contact's field the mapping maps to it: MaK's value becomes the field's
    /// first (the one the inbound side reads back), the value it replaces is taken out and the contact's other values
    /// stay. A client linked to several contacts (amoCRM's duplicates of one person) is written to each. Answers as
    /// <see cref="PushDueAsync"/>.
    /// </summary>
    private async Task<(bool Full, bool Refused)> PushContactsDueAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = new List<(long AmoId, Dictionary<string, string?>? Synced, Dictionary<string, string?> Mak)>();
        await using (var take = new NpgsqlCommand(TakeContactsDue, connection, transaction))
        {
            // As many as one read brings: a contact's write needs it read first, to keep its other phones.
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sync.AccountId });
            take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ReadBatch });
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var stored = await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1);
                var mak = AmoCrmSyncRules.ContactValuesOf(
                    reader.GetString(2),
                    reader.GetString(3),
                    await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetString(4)
                );
                // A deleted client's contact is left as it is in amoCRM.
                due.Add(
                    (
                        reader.GetInt64(0),
                        stored is null ? null : AmoCrmSyncedValues.Read(stored),
                        reader.GetBoolean(5) ? [] : mak
                    )
                );
            }
        }

        if (due.Count == 0)
        {
            return (false, false);
        }

        var mapping = await MappingAsync(sync.AccountId, cancellationToken);

        var addressFields = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal)
        {
            [AmoCrmSyncRules.Phone] = AmoCrmRecordImporter.FieldsOf(
                mapping,
                Contracts.AmoCrmEntity.Contacts,
                Contracts.AmoCrmFieldTarget.Phone
            ),
            [AmoCrmSyncRules.Email] = AmoCrmRecordImporter.FieldsOf(
                mapping,
                Contracts.AmoCrmEntity.Contacts,
                Contracts.AmoCrmFieldTarget.Email
            ),
        };
        // Only contacts with a value MaK changed since the last sync are read: a client changed by amoCRM's own change
        // (the inbox's apply) is due too, and finds nothing to send.
        var read = new Dictionary<long, JsonObject>();
        long[] changed =
        [
            .. due.Where(d =>
                    AmoCrmSyncRules.ContactFields.Any(f =>
                        d.Mak.TryGetValue(f.Field, out var mine)
                        && (d.Synced is null || d.Synced.GetValueOrDefault(f.Field) != mine)
                    )
                )
                .Select(d => d.AmoId),
        ];
        if (changed.Length > 0)
        {
            foreach (var record in await ReadAsync(sync, AmoCrmRecordImporter.Contacts, changed, cancellationToken))
            {
                read[AmoCrmReader.Long(record["id"])] = record;
            }
        }

        var written = new List<(long AmoId, JsonObject Write, Dictionary<string, string?> Synced)>();
        foreach (var (amoId, before, mak) in due)
        {
            var next = new Dictionary<string, string?>(before ?? [], StringComparer.Ordinal);
            var write = new JsonObject { ["id"] = amoId };
            var values = new JsonArray();
            // A contact amoCRM no longer has is left alone; a field it holds as MaK does is not written.
            var amo = read.TryGetValue(amoId, out var record)
                ? AmoCrmRecordChanges.ContactValues(record, mapping)
                : null;
            foreach (var (field, _) in AmoCrmSyncRules.ContactFields)
            {
                if (
                    amo is null
                    || !mak.TryGetValue(field, out var mine)
                    || (before is not null && before.GetValueOrDefault(field) == mine)
                )
                {
                    continue;
                }

                next[field] = mine;
                if (amo.GetValueOrDefault(field) == mine)
                {
                    continue;
                }

                if (field == AmoCrmSyncRules.FullName)
                {
                    write["name"] = mine;
                }
                else if (addressFields[field].Count > 0)
                {
                    values.Add(
                        Addresses(
                            record!,
                            field,
                            addressFields[field],
                            before?.GetValueOrDefault(field) ?? amo.GetValueOrDefault(field),
                            mine
                        )
                    );
                }
            }

            if (values.Count > 0)
            {
                write["custom_fields_values"] = values;
            }

            written.Add((amoId, write, next));
        }

        return await WriteDueAsync(
            connection,
            transaction,
            sync,
            (AmoCrmRecordImporter.Contacts, ContactWriteRefused),
            due.Count == ReadBatch,
            written,
            cancellationToken
        );
    }

    /// <summary>A contact's phone or e-mail field as a write sends it: MaK's value (<paramref name="mine"/>) first
    /// with the kind (<c>enum_code</c>) of the value it replaces, then the contact's other values of the field as they
    /// are, without the value last synced (<paramref name="old"/>) and without a repeat of MaK's. The field is the
    /// contact's field among <paramref name="fields"/> (those the mapping maps), or the first of them.</summary>
    private static JsonObject Addresses(
        JsonObject record,
        string field,
        HashSet<long> fields,
        string? old,
        string? mine
    )
    {
        var fieldId = fields.First();
        var current = (record["custom_fields_values"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .FirstOrDefault(f => fields.Contains(AmoCrmReader.Long(f["field_id"])));
        if (current is not null)
        {
            fieldId = AmoCrmReader.Long(current["field_id"]);
        }

        string? Normalised(string? value) =>
            field == AmoCrmSyncRules.Phone
                ? PhoneNumber.TryParse(value, out var phone)
                    ? phone.Value
                    : null
                : EmailAddress.TryParse(value, out var email)
                    ? email.Value
                    : null;
        var kept = new JsonArray();
        var kind = field == AmoCrmSyncRules.Phone ? "MOB" : "WORK";
        foreach (var value in (current?["values"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var normalised = Normalised(AmoCrmReader.Text(value["value"]));
            if (normalised is not null && (normalised == old || normalised == mine))
            {
                kind = AmoCrmReader.Text(value["enum_code"]) ?? kind;
                continue;
            }

            var copy = new JsonObject { ["value"] = value["value"]?.DeepClone() };
            if (value["enum_code"] is { } code)
            {
                copy["enum_code"] = code.DeepClone();
            }

            kept.Add(copy);
        }

        if (mine is not null)
        {
            kept.Insert(0, new JsonObject { ["value"] = mine, ["enum_code"] = kind });
        }

        // amoCRM clears a field given null values.
        return new JsonObject { ["field_id"] = fieldId, ["values"] = kept.Count > 0 ? kept : null };
    }

    /// <summary>The items a refusal's <c>validation-errors</c> name by their request_id (a write's amoCRM id, a
    /// creation's index in its batch), each with what amoCRM said of it: the field's path, the detail and the
    /// code.</summary>
    private static Dictionary<long, string> Refused(JsonNode? answer)
    {
        var refused = new Dictionary<long, string>();
        foreach (var item in (answer?["validation-errors"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!long.TryParse(AmoCrmReader.Text(item["request_id"]), CultureInfo.InvariantCulture, out var amoId))
            {
                continue;
            }

            refused[amoId] = string.Join(
                "; ",
                (item["errors"] as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(e => (Path: e["path"], Detail: e["detail"], Code: e["code"]))
                    .Select(e =>
                        $"{AmoCrmReader.Text(e.Path)}: {AmoCrmReader.Text(e.Detail)} ({AmoCrmReader.Text(e.Code)})"
                    )
            );
        }

        return refused;
    }

    /// <summary>The field of a PATCH that carries MaK's value, in amoCRM's terms; nothing when it has none (a
    /// status or user the mapping does not name, no responsible user).</summary>
    private static void Write(
        JsonObject write,
        string field,
        string? value,
        StoredAmoCrmMapping mapping,
        long? amountField
    )
    {
        switch (field)
        {
            case LeadHistoryFields.Status:
                if (mapping.Statuses.FirstOrDefault(s => s.LeadStatus == value) is { } status)
                {
                    write["pipeline_id"] = status.AmoPipelineId;
                    write["status_id"] = status.AmoStatusId;
                }

                break;
            case LeadHistoryFields.ResponsibleUserId:
                if (value is not null && mapping.Users.FirstOrDefault(u => u.UserId == Guid.Parse(value)) is { } user)
                {
                    write["responsible_user_id"] = user.AmoUserId;
                }

                break;
            case LeadHistoryFields.RequestedAmount:
                var amount = value is null ? 0m : decimal.Parse(value, CultureInfo.InvariantCulture);
                if (amountField is { } id)
                {
                    write["custom_fields_values"] = new JsonArray(
                        new JsonObject
                        {
                            ["field_id"] = id,
                            ["values"] = new JsonArray(
                                new JsonObject { ["value"] = amount.ToString(CultureInfo.InvariantCulture) }
                            ),
                        }
                    );
                }
                else
                {
                    write["price"] = (long)decimal.Round(amount);
                }

                break;
        }
    }

    /// <summary>The records of <paramref name="entity"/> by their ids (at most <see cref="ReadBatch"/>), leads with
    /// their contacts.</summary>
    private async Task<List<JsonObject>> ReadAsync(
        SyncRow sync,
        string entity,
        IEnumerable<long> ids,
        CancellationToken cancellationToken
    )
    {
        var query = string.Join('&', ids.Select(id => $"filter[id][]={id.ToString(CultureInfo.InvariantCulture)}"));
        var answer = await api.GetAsync(
            sync.ConnectionId,
            sync.AccountId,
            sync.BaseUrl,
            $"api/v4/{entity}?limit={ReadBatch}&{query}{With(entity)}",
            cancellationToken
        );
        return answer.Status == HttpStatusCode.NoContent
            ? []
            : [.. (answer.Body?["_embedded"]?[entity] as JsonArray ?? []).OfType<JsonObject>()];
    }

    // A lead is read with its contacts.
    private static string With(string entity) => entity == AmoCrmRecordImporter.Leads ? "&with=contacts" : "";

    /// <summary>A page of <paramref name="entity"/> (at most <see cref="ReadBatch"/>, leads with their contacts) read
    /// by <paramref name="filter"/>, the MaK records linked to them by amoCRM id, and whether amoCRM has a next
    /// page.</summary>
    private async Task<(List<JsonObject> Records, Dictionary<long, Guid> Links, bool More)> ReadPageAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        string entity,
        int page,
        string filter,
        CancellationToken cancellationToken
    )
    {
        var answer = await api.GetAsync(
            sync.ConnectionId,
            sync.AccountId,
            sync.BaseUrl,
            $"api/v4/{entity}?limit={ReadBatch}&page={page.ToString(CultureInfo.InvariantCulture)}&{filter}"
                + With(entity),
            cancellationToken
        );
        List<JsonObject> records =
            answer.Status == HttpStatusCode.NoContent
                ? []
                : [.. (answer.Body?["_embedded"]?[entity] as JsonArray ?? []).OfType<JsonObject>()];
        var links = await AmoCrmRecordImporter.LinksAsync(
            connection,
            null,
            sync.AccountId,
            entity,
            records.Select(r => AmoCrmReader.Long(r["id"])),
            cancellationToken
        );
        return (records, links, answer.Body?["_links"]?["next"] is not null);
    }

    /// <summary>
    /// Brings the leads amoCRM's managers made after the import into MaK as the import brings its leads (ADR 0091),
    /// through the same <see cref="AmoCrmRecordImporter"/>: their main contacts that are not linked read by id and
    /// applied first (linked to the client the duplicate control finds, or made clients), then the leads through the
    /// intake for those clients, each linked with the values it was made with as synced, all in one transaction under
    /// the account's lock of links (so a delivery, a poll and the import never make one lead twice, and a lead MaK
    /// created in amoCRM is never taken for a new one). The scope acts for head office as the amoCRM sync. A lead the
    /// import would skip (its status not mapped, no main contact with a phone) stays unlinked until its next change
    /// brings it again; one MaK refuses is logged with the reason. Answers how many leads it made.
    /// </summary>
    private async Task<int> ImportNewAsync(
        NpgsqlConnection connection,
        SyncRow sync,
        StoredAmoCrmMapping mapping,
        List<JsonObject> leads,
        CancellationToken cancellationToken
    )
    {
        if (leads.Count == 0)
        {
            return 0;
        }

        var contactIds = leads.Select(l => AmoCrmReader.Lead(l).MainContactId).OfType<long>().Distinct().ToList();
        var linked = await AmoCrmRecordImporter.LinksAsync(
            connection,
            null,
            sync.AccountId,
            AmoCrmRecordImporter.Contacts,
            contactIds,
            cancellationToken
        );
        var contacts = new List<JsonObject>();
        foreach (var chunk in contactIds.Where(id => !linked.ContainsKey(id)).Chunk(ReadBatch))
        {
            contacts.AddRange(await ReadAsync(sync, AmoCrmRecordImporter.Contacts, chunk, cancellationToken));
        }

        await using var scope = scopes.CreateAsyncScope();
        scope
            .ServiceProvider.GetRequiredService<ActorOverride>()
            .ActAs(
                new OnBehalfOf(
                    Organization.HeadOfficeId,
                    null,
                    null,
                    [Roles.OfOrganization(OrganizationKind.HeadOffice)]
                )
            );
        var importer = scope.ServiceProvider.GetRequiredService<AmoCrmRecordImporter>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        async Task<AmoCrmPageOutcome> Apply(string entity, List<JsonObject> records)
        {
            var outcome = await importer.ApplyAsync(
                connection,
                transaction,
                sync.AccountId,
                mapping,
                entity,
                records,
                false,
                cancellationToken
            );
            await AmoCrmImportSql.WriteLinksAsync(
                connection,
                transaction,
                sync.AccountId,
                null,
                outcome.Links,
                clock.GetUtcNow(),
                cancellationToken
            );
            foreach (var letter in outcome.DeadLetters)
            {
                LogNewRefused(logger, letter.Entity, letter.AmoId, letter.Detail);
            }

            return outcome;
        }

        await Apply(AmoCrmRecordImporter.Contacts, contacts);
        var made = (await Apply(AmoCrmRecordImporter.Leads, leads)).Created;
        await transaction.CommitAsync(cancellationToken);
        return made;
    }

    private async Task<StoredAmoCrmMapping> MappingAsync(long accountId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<IAmoCrmMappings>()
            .FindAsync(accountId, cancellationToken);
    }

    private static async Task<SyncRow?> SyncAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        CancellationToken cancellationToken
    )
    {
        // In a transaction (the outbox's marking), the sync's row is locked and skipped when another instance holds
        // it, so one instance follows the feed at a time.
        await using var command = new NpgsqlCommand(
            transaction is null ? Sync : Sync + " FOR UPDATE OF s SKIP LOCKED",
            connection,
            transaction
        );
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SyncRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetGuid(3),
                new Uri(reader.GetString(4)),
                await reader.GetFieldValueAsync<DateTimeOffset>(5, cancellationToken)
            )
            : null;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params NpgsqlParameter[] parameters
    )
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken,
        params NpgsqlParameter[] parameters
    )
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddRange(parameters);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "amoCRM refused a write of leads ({Status}): {Answer}")]
    private static partial void LogRefused(ILogger logger, int status, string answer);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "amoCRM {Entity} {AmoId}: the catch-up poll's change was refused by MaK: {Reason}"
    )]
    private static partial void LogPollRefused(ILogger logger, string entity, long amoId, string reason);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The amoCRM outbox's feed cursor {Cursor} is below the feed's purge horizon {Horizon}: reconciling"
    )]
    private static partial void LogReconciling(ILogger logger, long cursor, long horizon);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "amoCRM comparison: {Read} leads read, {BroughtIn} brought in, {Missing} linked leads not found"
    )]
    private static partial void LogReconciled(ILogger logger, int read, int broughtIn, long missing);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "amoCRM {Entity} {AmoId}: a record made in amoCRM was refused by MaK: {Reason}"
    )]
    private static partial void LogNewRefused(ILogger logger, string entity, long amoId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} amoCRM webhook deliveries could not be applied")]
    private static partial void LogDeliveriesFailed(ILogger logger, Exception exception, int count);
}
