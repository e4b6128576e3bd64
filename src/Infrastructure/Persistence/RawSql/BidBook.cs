using System.Text.Json;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Auction;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Common;
using MakCrm.Domain.Events;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Idempotency;
using MakCrm.Infrastructure.Persistence.Repositories;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.RawSql;

/// <summary>
/// The bid hot path: one batch of statements sent without an explicit transaction, which PostgreSQL runs as one
/// implicit transaction committed when the batch ends — one round trip. A hot lot's throughput is bounded by how long
/// its row lock is held, so the lock is held for the database's own work only. After a transaction-local request for
/// generic plans (<see cref="UseGenericPlans"/>), the batch is:
/// <list type="number">
/// <item>with an idempotency key, its claim (<see cref="ClaimKey"/>): a twin still in flight is waited for (bounded),
/// and everything after the claim runs only when the key is this bid's (a flag naming the bid). A retry of an answered
/// bid reads what its first attempt stored (<see cref="ReadStoredAnswer"/>) and is answered from it (ADR 0034);</item>
/// <item>the lot's row lock, only when the bid could still win on the committed state (open, at least the minimum):
/// prices only rise, so a lower bid can never win and does not queue for the lock (when the row is locked, the
/// condition is checked again on the new version once it is free); then, still in that statement and only after the
/// row is locked, the ledger locks of the bidder and of the lot's leader (whose hold an accepted bid releases), in
/// ascending order of their keys (ADR 0011's lock order: the lot's row, then the ledgers sorted), and a
/// transaction-local flag naming this bid;</item>
/// <item>with a fresh snapshot (the locks held): the decision — only when this bid's flag is set — and the accepted
/// bid's writes: the bid, the previous leader's hold release, the new hold, their <c>ledger.entry_recorded</c> events
/// (written without data, which the sequencer renders: <see cref="Events.EventDataRenderer"/>), the outbid notice when
/// the
/// bid takes the lead from another organization (one row, <see cref="Auction.OutbidNotice"/>), the lot's update (with
/// anti-sniping). Each
/// ledger entry carries its organization's position after it (<see cref="LedgerPosition"/>): the balance is read from
/// the last entry, not summed over the franchisee's history, while the lot's lock is held;</item>
/// <item>the state a refusal is explained from: the lot and the bidder, read in one snapshot, with the bidder's balance
/// only when the bid reaches that lot's minimum (most bids are refused as too low and need none).</item>
/// </list>
/// The conditions of statement 3 are the bid's rules, and their source of truth (ADR 0038): <see cref="LotBidding"/>
/// states the same rules in C# (LotMustBeLive, BidderMustBeEligible, BidMustReachMinimum, BidMustBeCovered) as their
/// test oracle, and the handler lets it name the reason of a refusal from statement 4's state, which is what statement
/// 3 decided on. With a key, what a retry is answered from is stored with the key by the same statements: the
/// accepted bid's id, time and the lot's end after it (an accepted bid never changes), or the refusal's state, with the
/// request's trace id.
/// </summary>
public sealed class BidBook(NpgsqlDataSource dataSource, IdempotentRequest request, IdempotencyStore keys) : IBidBook
{
    // The bid's statements are planned once per physical connection and that plan is kept: each one finds its rows by
    // key,
    // so a generic plan serves every bid, and a custom plan (PostgreSQL's choice for a growing table after its
    // statistics change) would be planned again for every bid, partly while the lot's lock is held. Without a key the
    // bid is its own to place (the flag the later statements check); with one, the claim sets the flag.
    private const string UseGenericPlans =
        "SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('mak.bid_key_claimed', "
        + "@bid_text, true)";

    // With a key, the wait for a twin's claim is bounded: lock_timeout, with the previous value kept aside for after
    // it.
    private const string UseGenericPlansAndBoundTheWait = """
        SELECT set_config('plan_cache_mode', 'force_generic_plan', true),
               set_config('mak.lock_timeout', current_setting('lock_timeout'), true), set_config('lock_timeout',
                   @twin_wait, true)
        """;

    // The key's claim: inserted, or taken over past its retention; the flag names this bid only when the key is its
    // own.
    // The wait's bound ends with it: the lot's and the ledgers' locks are waited for as without a key.
    private const string ClaimKey = """
        WITH claimed AS (
            INSERT INTO idempotency_requests AS r (scope, key, request_hash, created_at)
            VALUES (@key_scope, @key, @key_hash, @now)
            ON CONFLICT (scope, key) DO UPDATE
            SET request_hash = excluded.request_hash, created_at = excluded.created_at,
                response_status = NULL, response_headers = NULL, response_body = NULL, response_reference = NULL
            WHERE r.created_at <= excluded.created_at - @retention
            RETURNING 1)
        SELECT set_config('mak.bid_key_claimed', CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN @bid_text ELSE '' END,
            true),
               set_config('lock_timeout', current_setting('mak.lock_timeout'), true)
        """;

    // What the key holds when it was not this bid's to claim.
    private const string ReadStoredAnswer = """
        SELECT request_hash, response_reference::text
        FROM idempotency_requests
        WHERE scope = @key_scope AND key = @key AND current_setting('mak.bid_key_claimed', true) = ''
        """;

    // Enum values in the statements' text as literals (EnumLiterals), not sent as parameters, so that each statement's
    // text, and so its plan, is the same for every bid.
    private static readonly string Open = EnumLiterals.Of(LotStatus.Open);
    private static readonly string Franchisee = EnumLiterals.Of(OrganizationKind.Franchisee);
    private static readonly string Hold = EnumLiterals.Of(LedgerEntryKind.Hold);
    private static readonly string HoldRelease = EnumLiterals.Of(LedgerEntryKind.HoldRelease);
    private static readonly string EntryRecorded = EventTypes.LedgerEntryRecorded.Name;
    private static readonly string LedgerEntryResource = EventTypes.LedgerEntryRecorded.ResourceType;

    // PostgreSQL computes a select list from left to right, so the two ledger locks are taken lowest key first; with no
    // leader, or the bidder leading, both calls take the bidder's (advisory locks nest).
    private static readonly string LockIfItCanWin = $$"""
        SELECT {{AdvisoryLocks.OnNumber("LEAST(keys.bidder, keys.leader)")}},
               {{AdvisoryLocks.OnNumber("GREATEST(keys.bidder, keys.leader)")}},
               set_config('mak.bid_lot_locked', @bid_text, true)
        FROM (SELECT leader_organization_id FROM lots
              WHERE id = @lot AND deleted_at IS NULL AND status = {{Open}}
                AND @amount >= COALESCE(current_price + min_step, start_price)
                AND current_setting('mak.bid_key_claimed', true) = @bid_text
              FOR UPDATE) AS locked,
             LATERAL (SELECT {{AdvisoryLocks.Number("@ledger_key")}} AS bidder,
                             COALESCE({{AdvisoryLocks.Number("'ledger:' || locked.leader_organization_id")}},
                                      {{AdvisoryLocks.Number("@ledger_key")}}) AS leader) AS keys
        """;

    // The rules, in LotBidding's order; the eligibility compares as LotEligibility.Admits does (collapsed whitespace,
    // case-insensitive).
    private static readonly string DecideAndWrite = $$"""
        WITH lot AS (
            SELECT l.*, GREATEST(@now, l.updated_at + interval '1 microsecond') AS at
            FROM lots l WHERE l.id = @lot AND current_setting('mak.bid_lot_locked', true) = @bid_text
        ), bidder AS (
            SELECT o.kind, o.city, o.grade,
                   COALESCE(last.balance_after, 0) AS available, COALESCE(last.held_after, 0) AS held,
                       COALESCE(last.entry_no, 0) AS entry_no
            FROM organizations o
            LEFT JOIN LATERAL (SELECT entry_no, balance_after, held_after FROM ledger_entries e
                               WHERE e.organization_id = o.id ORDER BY e.entry_no DESC LIMIT 1) last ON true
            WHERE o.id = @org
        ), accepted AS (
            SELECT lot.id, lot.lead_id, lot.leader_organization_id, lot.leader_bid_id, lot.current_price, lot.at,
                   CASE WHEN lot.at >= lot.ends_at - @window AND lot.at + @extension > lot.ends_at THEN lot.at +
                       @extension ELSE lot.ends_at END AS ends_at
            FROM lot, bidder
            WHERE lot.status = {{Open}} AND lot.at >= lot.starts_at AND lot.at < lot.ends_at
              AND bidder.kind = {{Franchisee}}
              AND (cardinality(lot.eligible_cities) = 0
                   OR upper(regexp_replace(regexp_replace(bidder.city, '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g')) IN
                       (SELECT upper(c) FROM unnest(lot.eligible_cities) c))
              AND (cardinality(lot.eligible_grades) = 0 OR upper(bidder.grade) IN (SELECT upper(g) FROM
                  unnest(lot.eligible_grades) g))
              AND @amount >= COALESCE(lot.current_price + lot.min_step, lot.start_price)
              AND bidder.available + CASE WHEN lot.leader_organization_id = @org THEN lot.current_price ELSE 0 END >=
                  @amount
        ), leader AS (
            SELECT last.entry_no, last.balance_after, last.held_after
            FROM accepted
            JOIN LATERAL (SELECT entry_no, balance_after, held_after FROM ledger_entries e
                          WHERE e.organization_id = accepted.leader_organization_id ORDER BY e.entry_no DESC LIMIT 1)
                              last ON true
        ), own AS (
            -- The bidder raising its own lead: its release comes first, so its hold is numbered and summed after it.
            SELECT CASE WHEN accepted.leader_organization_id = @org THEN 1 ELSE 0 END AS entries,
                   CASE WHEN accepted.leader_organization_id = @org THEN accepted.current_price ELSE 0 END AS released
            FROM accepted
        ), bid AS (
            INSERT INTO bids (id, lot_id, organization_id, user_id, api_client_id, amount, placed_at, ends_at_after,
                bidder_number)
            SELECT @bid, accepted.id, @org, @user, @client, @amount, accepted.at, accepted.ends_at, COALESCE(
                       (SELECT bidder_number FROM bids WHERE lot_id = @lot AND organization_id = @org LIMIT 1),
                       (SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE lot_id = @lot))
            FROM accepted
        ), released AS (
            INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id,
                created_at,
                                        entry_no, balance_after, held_after)
            SELECT @release_id, accepted.leader_organization_id, {{HoldRelease}}, accepted.current_price, accepted.id,
                   accepted.leader_bid_id,
                   accepted.lead_id, @user, accepted.at,
                   COALESCE(leader.entry_no, 0) + 1, COALESCE(leader.balance_after, 0) + accepted.current_price,
                   COALESCE(leader.held_after, 0) - accepted.current_price
            FROM accepted LEFT JOIN leader ON true WHERE accepted.leader_organization_id IS NOT NULL
            RETURNING id, organization_id, created_at
        ), held AS (
            INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id,
                created_at,
                                        entry_no, balance_after, held_after)
            SELECT @hold_id, @org, {{Hold}}, -@amount, accepted.id, @bid, accepted.lead_id, @user, accepted.at,
                   bidder.entry_no + own.entries + 1, bidder.available + own.released - @amount, bidder.held -
                       own.released + @amount
            FROM accepted, bidder, own
            RETURNING id, organization_id, created_at
        ), outbid AS (
            -- A bid that takes the lead from another organization leaves a notice for it (OutbidNotifier delivers it).
            INSERT INTO auction_outbid_notices (bid_id, lot_id, lead_id, organization_id, amount, created_at)
            SELECT @bid, accepted.id, accepted.lead_id, accepted.leader_organization_id, @amount, accepted.at
            FROM accepted WHERE accepted.leader_organization_id <> @org
        ), recorded AS (
            -- Each entry raises its event, release first, without data: the sequencer renders the entry as the API
                -- reads it.
            INSERT INTO events (id, type, occurred_at, organization_id, actor_user_id, actor_client_id, resource_type,
                resource_id)
            SELECT e.event_id, '{{EntryRecorded}}', e.created_at, e.organization_id, @user, @client,
                '{{LedgerEntryResource}}', e.id
            FROM (SELECT @release_event_id AS event_id, 1 AS written, r.* FROM released r
                  UNION ALL SELECT @hold_event_id, 2, h.* FROM held h) e
            ORDER BY e.written
        ), stored AS (
            -- An accepted bid never changes: a retry with the key is answered from its id, time and the lot's end.
            UPDATE idempotency_requests
            SET response_reference = jsonb_build_object(
                    'bidId', @bid, 'placedAt', accepted.at, 'lotEndsAt', accepted.ends_at, 'traceId', @trace_id)
            FROM accepted WHERE scope = @key_scope AND key = @key
        )
        UPDATE lots SET current_price = @amount, leader_organization_id = @org, leader_bid_id = @bid, bid_count =
            bid_count + 1,
                        ends_at = accepted.ends_at, version = version + 1, updated_at = accepted.at
        FROM accepted WHERE lots.id = accepted.id
        RETURNING lots.updated_at, lots.ends_at
        """;

    // The lot and the bidder in one statement, so that both come from one snapshot: the balance is read only for a bid
    // that reaches the minimum of the lot as read here, the only one LotBidding gets to BidMustBeCovered with. The
    // state
    // is JSON in the shapes of the domain's records (StoredBid), which is also what a retry with the key is answered
    // from.
    private static readonly string ReadLotAndBidder = $$"""
        WITH state AS (
            SELECT jsonb_build_object(
                       'lot', CASE WHEN l.id IS NOT NULL THEN jsonb_build_object(
                           'id', l.id, 'leadId', l.lead_id, 'status', l.status, 'startPrice', l.start_price, 'minStep',
                               l.min_step,
                           'startsAt', l.starts_at, 'endsAt', l.ends_at, 'eligibleCities', l.eligible_cities,
                           'eligibleGrades', l.eligible_grades, 'currentPrice', l.current_price,
                           'leaderOrganizationId', l.leader_organization_id, 'leaderBidId', l.leader_bid_id, 'version',
                               l.version) END,
                       'decidedAt', GREATEST(@now, l.updated_at + interval '1 microsecond'),
                       'bidder', jsonb_build_object(
                           'organizationId', o.id, 'isFranchisee', o.kind = {{Franchisee}}, 'city', o.city,
                           'grade', o.grade,
                           'available', CASE WHEN @amount >= COALESCE(l.current_price + l.min_step, l.start_price)
                                             THEN COALESCE((SELECT e.balance_after FROM ledger_entries e
                                                            WHERE e.organization_id = o.id ORDER BY e.entry_no DESC
                                                                LIMIT 1), 0) END),
                       'traceId', @trace_id) AS state
            FROM organizations o LEFT JOIN lots l ON l.id = @lot AND l.deleted_at IS NULL
            WHERE o.id = @org AND NOT EXISTS (SELECT 1 FROM bids WHERE id = @bid)
              AND current_setting('mak.bid_key_claimed', true) = @bid_text
        ), stored AS (
            UPDATE idempotency_requests SET response_reference = state.state FROM state WHERE scope = @key_scope AND key
                = @key
        )
        SELECT state::text FROM state
        """;

    private static readonly PositionalSql[] Statements =
    [
        .. new[] { UseGenericPlans, LockIfItCanWin, DecideAndWrite, ReadLotAndBidder }.Select(PositionalSql.From),
    ];

    private static readonly PositionalSql[] KeyedStatements =
    [
        .. new[]
        {
            UseGenericPlansAndBoundTheWait,
            ClaimKey,
            LockIfItCanWin,
            DecideAndWrite,
            ReadLotAndBidder,
            ReadStoredAnswer,
        }.Select(PositionalSql.From),
    ];

    private static readonly JsonSerializerOptions StoredShapes = new(JsonSerializerDefaults.Web)
    {
        Converters = { SnakeCaseNames.JsonConverter(allowIntegerValues: false) },
    };

    public async Task<BidAttempt> PlaceAsync(BidRequest bid, CancellationToken cancellationToken)
    {
        var key = request.Key;
        // A connection of its own from the pool, not the unit of work's: the bid is its own transaction by
        // construction.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        // The release is written before the hold (and numbered before it when the bidder raises its own lead): both
        // have
        // the bid's time, so the release's id sorts first, and the statement lists them as they were written.
        var (releaseId, holdId) = OrderedIds.Pair(bid.Now);
        var (releaseEventId, holdEventId) = OrderedIds.Pair(bid.Now);
        var values = new BidValues(bid, releaseId, holdId, releaseEventId, holdEventId, key, keys);
        foreach (var statement in key is null ? Statements : KeyedStatements)
        {
            batch.BatchCommands.Add(statement.Command(values, Parameter));
        }

        // Parsed and planned once per physical connection (a no-op after that): planning these statements for every bid
        // cost the database about as much as running them.
        await batch.PrepareAsync(cancellationToken);
        NpgsqlDataReader reader;
        try
        {
            reader = await batch.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException exception)
            when (key is not null && exception.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            // A twin with the key did not end within the wait.
            throw new IdempotencyKeyTakenException(new IdempotencyOutcome.InUse(TimeSpan.FromSeconds(1)));
        }

        await using (reader)
        {
            await reader.NextResultAsync(cancellationToken); // past the plan setting
            if (key is not null)
            {
                await reader.NextResultAsync(cancellationToken); // past the claim
            }

            await reader.NextResultAsync(cancellationToken); // past the lock, to the decision's writes
            if (await reader.ReadAsync(cancellationToken))
            {
                request.ClaimedByBatch = key is not null;
                return new BidAttempt(
                    new AcceptedBid(bid.BidId, Instant(reader, 0), Instant(reader, 1)),
                    null,
                    bid.Now,
                    null
                );
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                request.ClaimedByBatch = key is not null;
                var state = JsonSerializer.Deserialize<StoredBid>(reader.GetString(0), StoredShapes)!;
                return new BidAttempt(null, state.Lot, state.DecidedAt ?? bid.Now, state.Bidder);
            }

            if (key is null)
            {
                throw new InvalidOperationException(
                    "The bid's batch returned neither its decision nor the state of its refusal."
                );
            }

            await reader.NextResultAsync(cancellationToken);
            return await AnswerAgainAsync(connection, reader, key, cancellationToken);
        }
    }

    /// <summary>
    /// The key was answered before: the same bid is answered again from what its first attempt stored, another request
    /// with the key is refused, and an answer stored as it was sent (a bid refused before it reached the book) is that.
    /// </summary>
    private async Task<BidAttempt> AnswerAgainAsync(
        NpgsqlConnection connection,
        NpgsqlDataReader reader,
        IdempotencyKey key,
        CancellationToken cancellationToken
    )
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Purged past its retention between the claim and this read: a retry claims it.
            throw new IdempotencyKeyTakenException(new IdempotencyOutcome.InUse(TimeSpan.FromSeconds(1)));
        }

        if (!(await reader.GetFieldValueAsync<byte[]>(0, cancellationToken)).AsSpan().SequenceEqual(key.RequestHash))
        {
            throw new IdempotencyKeyTakenException(new IdempotencyOutcome.Mismatch());
        }

        if (await reader.IsDBNullAsync(1, cancellationToken))
        {
            await reader.DisposeAsync();
            throw new IdempotencyKeyTakenException(await keys.ReadAsync(connection, null, key, cancellationToken));
        }

        var stored = JsonSerializer.Deserialize<StoredBid>(reader.GetString(1), StoredShapes)!;
        request.ClaimedByBatch = true;
        request.Replayed = true;
        request.ReplayedTraceId = stored.TraceId;
        return stored is { BidId: { } bidId, PlacedAt: { } placedAt, LotEndsAt: { } endsAt }
            ? new BidAttempt(new AcceptedBid(bidId, placedAt, endsAt), null, placedAt, null)
            : new BidAttempt(null, stored.Lot, stored.DecidedAt!.Value, stored.Bidder);
    }

    /// <summary>
    /// What a bid's batch returns for a refusal and stores with its key, in the domain's shapes: an accepted bid's id,
    /// time and the lot's end after it; or the lot (null: no such lot), the bidder and the time a refusal was decided
    /// at; and the trace id of the request that was answered.
    /// </summary>
    private sealed record StoredBid(
        Guid? BidId,
        DateTimeOffset? PlacedAt,
        DateTimeOffset? LotEndsAt,
        LotSnapshot? Lot,
        DateTimeOffset? DecidedAt,
        Bidder? Bidder,
        string? TraceId
    );

    private static NpgsqlParameter Parameter(BidValues values, string name)
    {
        var request = values.Request;
        var key = values.Key;
        return name switch
        {
            "lot" => SqlParameters.Uuid(request.LotId),
            "org" => SqlParameters.Uuid(request.OrganizationId),
            "amount" => SqlParameters.Numeric(request.Amount),
            "now" => SqlParameters.Instant(request.Now),
            "window" => SqlParameters.Interval(request.AntiSniping.Window),
            "extension" => SqlParameters.Interval(request.AntiSniping.Extension),
            "bid" => SqlParameters.Uuid(request.BidId),
            "bid_text" => SqlParameters.Text(request.BidId.ToString("D")),
            "release_id" => SqlParameters.Uuid(values.ReleaseId),
            "hold_id" => SqlParameters.Uuid(values.HoldId),
            "release_event_id" => SqlParameters.Uuid(values.ReleaseEventId),
            "hold_event_id" => SqlParameters.Uuid(values.HoldEventId),
            "ledger_key" => SqlParameters.Text(Ledger.LockKey(request.OrganizationId)),
            "user" => SqlParameters.Uuid(request.UserId),
            "client" => SqlParameters.Varchar(request.ApiClientId),
            "key_scope" => SqlParameters.Varchar(key?.Scope),
            "key" => SqlParameters.Varchar(key?.Key),
            "key_hash" => SqlParameters.Bytea(key?.RequestHash),
            "trace_id" => SqlParameters.Text(key?.TraceId),
            "twin_wait" => SqlParameters.Text(values.Keys.TwinWait),
            "retention" => SqlParameters.Interval(values.Keys.Retention),
            _ => throw new ArgumentOutOfRangeException(
                nameof(name),
                name,
                "The bid's statements name no such parameter."
            ),
        };
    }

    // The ids of the bid's ledger entries and of their events, made once per bid so that every statement naming them
    // sees the same ones, and the request's idempotency key.
    private sealed record BidValues(
        BidRequest Request,
        Guid ReleaseId,
        Guid HoldId,
        Guid ReleaseEventId,
        Guid HoldEventId,
        IdempotencyKey? Key,
        IdempotencyStore Keys
    );

    private static DateTimeOffset Instant(NpgsqlDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind((DateTime)reader.GetValue(ordinal), DateTimeKind.Utc));
}
