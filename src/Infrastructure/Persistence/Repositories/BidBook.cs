using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Auction;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Common;
using MakCrm.Domain.Events;
using MakCrm.Domain.Ledger;
using MakCrm.Domain.Organizations;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Persistence.Repositories;

/// <summary>
/// The bid hot path: one batch of statements sent without an explicit transaction, which PostgreSQL runs as one
/// implicit transaction committed when the batch ends — one round trip. A hot lot's throughput is bounded by how long
/// its row lock is held, so the lock is held for the database's own work only. After a transaction-local request for
/// generic plans (<see cref="UseGenericPlans"/>), the batch is:
/// <list type="number">
/// <item>the lot's row lock, only when the bid could still win on the committed state (open, at least the minimum):
/// prices only rise, so a lower bid can never win and does not queue for the lock (when the row is locked, the
/// condition is checked again on the new version once it is free); then, still in that statement and only after the
/// row is locked, the ledger locks of the bidder and of the lot's leader (whose hold an accepted bid releases), in
/// ascending order of their keys (ADR 0011's lock order: the lot's row, then the ledgers sorted), and a
/// transaction-local flag naming this bid;</item>
/// <item>with a fresh snapshot (the locks held): the decision — only when this bid's flag is set — and the accepted
/// bid's writes: the bid, the previous leader's hold release, the new hold, their <c>ledger.entry_recorded</c> events
/// (written without data, which the sequencer renders: <see cref="Events.EventDataRenderer"/>), the outbid notice when the
/// bid takes the lead from another organization (one row, <see cref="Auction.OutbidNotice"/>), the lot's update (with anti-sniping). Each
/// ledger entry carries its organization's position after it (<see cref="LedgerPosition"/>): the balance is read from
/// the last entry, not summed over the franchisee's history, while the lot's lock is held;</item>
/// <item>the state a refusal is explained from: the lot and the bidder, read in one snapshot, with the bidder's balance
/// only when the bid reaches that lot's minimum (most bids are refused as too low and need none).</item>
/// </list>
/// The conditions of statement 2 are <see cref="LotBidding"/>'s rules (LotMustBeLive, BidderMustBeEligible,
/// BidMustReachMinimum, BidMustBeCovered) in SQL; the handler lets LotBidding name the reason of a refusal from
/// statement 3's state, which is what statement 2 decided on.
/// </summary>
public sealed class BidBook(NpgsqlDataSource dataSource) : IBidBook
{
    // The bid's statements are planned once per physical connection and that plan is kept: each one finds its rows by key,
    // so a generic plan serves every bid, and a custom plan (PostgreSQL's choice for a growing table after its
    // statistics change) would be planned again for every bid, partly while the lot's lock is held.
    private const string UseGenericPlans = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";

    // Enum values in the statements' text as SnakeCaseNames spells them: spliced in as literals, not sent as parameters,
    // so that each statement's text, and so its plan, is the same for every bid.
    private static readonly string Open = SnakeCaseNames.Of(LotStatus.Open);
    private static readonly string Franchisee = SnakeCaseNames.Of(OrganizationKind.Franchisee);
    private static readonly string Hold = SnakeCaseNames.Of(LedgerEntryKind.Hold);
    private static readonly string HoldRelease = SnakeCaseNames.Of(LedgerEntryKind.HoldRelease);
    private static readonly string EntryRecorded = EventTypes.LedgerEntryRecorded.Name;
    private static readonly string LedgerEntryResource = EventTypes.LedgerEntryRecorded.ResourceType;

    // PostgreSQL computes a select list from left to right, so the two ledger locks are taken lowest key first; with no
    // leader, or the bidder leading, both calls take the bidder's (advisory locks nest).
    private static readonly string LockIfItCanWin = $$"""
        SELECT pg_advisory_xact_lock(LEAST(keys.bidder, keys.leader)), pg_advisory_xact_lock(GREATEST(keys.bidder, keys.leader)),
               set_config('mak.bid_lot_locked', @bid_text, true)
        FROM (SELECT leader_organization_id FROM lots
              WHERE id = @lot AND deleted_at IS NULL AND status = '{{Open}}' AND @amount >= COALESCE(current_price + min_step, start_price)
              FOR UPDATE) AS locked,
             LATERAL (SELECT hashtextextended(@ledger_key, 0) AS bidder,
                             COALESCE(hashtextextended('ledger:' || locked.leader_organization_id, 0), hashtextextended(@ledger_key, 0)) AS leader) AS keys
        """;

    // The rules, in LotBidding's order; the eligibility compares as LotEligibility.Admits does (collapsed whitespace, case-insensitive).
    private static readonly string DecideAndWrite = $$"""
        WITH lot AS (
            SELECT l.*, GREATEST(@now, l.updated_at + interval '1 microsecond') AS at
            FROM lots l WHERE l.id = @lot AND current_setting('mak.bid_lot_locked', true) = @bid_text
        ), bidder AS (
            SELECT o.kind, o.city, o.grade,
                   COALESCE(last.balance_after, 0) AS available, COALESCE(last.held_after, 0) AS held, COALESCE(last.entry_no, 0) AS entry_no
            FROM organizations o
            LEFT JOIN LATERAL (SELECT entry_no, balance_after, held_after FROM ledger_entries e
                               WHERE e.organization_id = o.id ORDER BY e.entry_no DESC LIMIT 1) last ON true
            WHERE o.id = @org
        ), accepted AS (
            SELECT lot.id, lot.lead_id, lot.leader_organization_id, lot.leader_bid_id, lot.current_price, lot.at,
                   CASE WHEN lot.at >= lot.ends_at - @window AND lot.at + @extension > lot.ends_at THEN lot.at + @extension ELSE lot.ends_at END AS ends_at
            FROM lot, bidder
            WHERE lot.status = '{{Open}}' AND lot.at >= lot.starts_at AND lot.at < lot.ends_at
              AND bidder.kind = '{{Franchisee}}'
              AND (cardinality(lot.eligible_cities) = 0
                   OR upper(regexp_replace(regexp_replace(bidder.city, '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g')) IN (SELECT upper(c) FROM unnest(lot.eligible_cities) c))
              AND (cardinality(lot.eligible_grades) = 0 OR upper(bidder.grade) IN (SELECT upper(g) FROM unnest(lot.eligible_grades) g))
              AND @amount >= COALESCE(lot.current_price + lot.min_step, lot.start_price)
              AND bidder.available + CASE WHEN lot.leader_organization_id = @org THEN lot.current_price ELSE 0 END >= @amount
        ), leader AS (
            SELECT last.entry_no, last.balance_after, last.held_after
            FROM accepted
            JOIN LATERAL (SELECT entry_no, balance_after, held_after FROM ledger_entries e
                          WHERE e.organization_id = accepted.leader_organization_id ORDER BY e.entry_no DESC LIMIT 1) last ON true
        ), own AS (
            -- The bidder raising its own lead: its release comes first, so its hold is numbered and summed after it.
            SELECT CASE WHEN accepted.leader_organization_id = @org THEN 1 ELSE 0 END AS entries,
                   CASE WHEN accepted.leader_organization_id = @org THEN accepted.current_price ELSE 0 END AS released
            FROM accepted
        ), bid AS (
            INSERT INTO bids (id, lot_id, organization_id, user_id, api_client_id, amount, placed_at, ends_at_after, bidder_number)
            SELECT @bid, accepted.id, @org, @user, @client, @amount, accepted.at, accepted.ends_at, COALESCE(
                       (SELECT bidder_number FROM bids WHERE lot_id = @lot AND organization_id = @org LIMIT 1),
                       (SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE lot_id = @lot))
            FROM accepted
        ), released AS (
            INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id, created_at,
                                        entry_no, balance_after, held_after)
            SELECT @release_id, accepted.leader_organization_id, '{{HoldRelease}}', accepted.current_price, accepted.id, accepted.leader_bid_id,
                   accepted.lead_id, @user, accepted.at,
                   COALESCE(leader.entry_no, 0) + 1, COALESCE(leader.balance_after, 0) + accepted.current_price,
                   COALESCE(leader.held_after, 0) - accepted.current_price
            FROM accepted LEFT JOIN leader ON true WHERE accepted.leader_organization_id IS NOT NULL
            RETURNING id, organization_id, created_at
        ), held AS (
            INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id, created_at,
                                        entry_no, balance_after, held_after)
            SELECT @hold_id, @org, '{{Hold}}', -@amount, accepted.id, @bid, accepted.lead_id, @user, accepted.at,
                   bidder.entry_no + own.entries + 1, bidder.available + own.released - @amount, bidder.held - own.released + @amount
            FROM accepted, bidder, own
            RETURNING id, organization_id, created_at
        ), outbid AS (
            -- A bid that takes the lead from another organization leaves a notice for it (OutbidNotifier delivers it).
            INSERT INTO auction_outbid_notices (bid_id, lot_id, lead_id, organization_id, amount, created_at)
            SELECT @bid, accepted.id, accepted.lead_id, accepted.leader_organization_id, @amount, accepted.at
            FROM accepted WHERE accepted.leader_organization_id <> @org
        ), recorded AS (
            -- Each entry raises its event, release first, without data: the sequencer renders the entry as the API reads it.
            INSERT INTO events (id, type, occurred_at, organization_id, actor_user_id, actor_client_id, resource_type, resource_id)
            SELECT e.event_id, '{{EntryRecorded}}', e.created_at, e.organization_id, @user, @client, '{{LedgerEntryResource}}', e.id
            FROM (SELECT @release_event_id AS event_id, 1 AS written, r.* FROM released r
                  UNION ALL SELECT @hold_event_id, 2, h.* FROM held h) e
            ORDER BY e.written
        )
        UPDATE lots SET current_price = @amount, leader_organization_id = @org, leader_bid_id = @bid, bid_count = bid_count + 1,
                        ends_at = accepted.ends_at, version = version + 1, updated_at = accepted.at
        FROM accepted WHERE lots.id = accepted.id
        RETURNING lots.updated_at, lots.ends_at
        """;

    // The lot and the bidder in one statement, so that both come from one snapshot: the balance is read only for a bid
    // that reaches the minimum of the lot as read here, the only one LotBidding gets to BidMustBeCovered with.
    private const string ReadLotAndBidder = """
        SELECT l.id, l.lead_id, l.status, l.start_price, l.min_step, l.starts_at, l.ends_at, l.eligible_cities, l.eligible_grades,
               l.current_price, l.leader_organization_id, l.leader_bid_id, l.version, GREATEST(@now, l.updated_at + interval '1 microsecond'),
               o.kind, o.city, o.grade,
               CASE WHEN @amount >= COALESCE(l.current_price + l.min_step, l.start_price)
                    THEN COALESCE((SELECT e.balance_after FROM ledger_entries e WHERE e.organization_id = o.id ORDER BY e.entry_no DESC LIMIT 1), 0) END
        FROM organizations o LEFT JOIN lots l ON l.id = @lot AND l.deleted_at IS NULL
        WHERE o.id = @org AND NOT EXISTS (SELECT 1 FROM bids WHERE id = @bid)
        """;

    private static readonly PositionalSql[] Statements =
        [.. new[] { UseGenericPlans, LockIfItCanWin, DecideAndWrite, ReadLotAndBidder }.Select(PositionalSql.From)];

    public async Task<BidAttempt> PlaceAsync(BidRequest request, CancellationToken cancellationToken)
    {
        // A connection of its own from the pool, not the unit of work's: the bid is its own transaction by construction.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        // The release is written before the hold (and numbered before it when the bidder raises its own lead): both have
        // the bid's time, so the release's id sorts first, and the statement lists them as they were written.
        var (releaseId, holdId) = OrderedIds.Pair(request.Now);
        var (releaseEventId, holdEventId) = OrderedIds.Pair(request.Now);
        var values = new BidValues(request, releaseId, holdId, releaseEventId, holdEventId);
        foreach (var statement in Statements)
        {
            batch.BatchCommands.Add(statement.Command(values, Parameter));
        }

        // Parsed and planned once per physical connection (a no-op after that): planning these statements for every bid
        // cost the database about as much as running them.
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken); // past the plan setting
        await reader.NextResultAsync(cancellationToken); // past the lock, to the decision's writes
        if (await reader.ReadAsync(cancellationToken))
        {
            return new BidAttempt(new AcceptedBid(Instant(reader, 0), Instant(reader, 1)), null, request.Now, null);
        }

        await reader.NextResultAsync(cancellationToken);
        LotSnapshot? lot = null;
        Bidder? bidder = null;
        var decidedAt = request.Now;
        if (await reader.ReadAsync(cancellationToken))
        {
            if (!await reader.IsDBNullAsync(0, cancellationToken))
            {
                lot = ReadLotSnapshot(reader);
                decidedAt = Instant(reader, 13);
            }

            bidder = new Bidder(
                request.OrganizationId, reader.GetString(14) == "franchisee", reader.GetValue(15) as string, reader.GetValue(16) as string, reader.GetValue(17) as decimal?);
        }

        return new BidAttempt(null, lot, decidedAt, bidder);
    }

    private static LotSnapshot ReadLotSnapshot(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        SnakeCaseNames<LotStatus>.Stored(reader.GetString(2)),
        reader.GetDecimal(3),
        reader.GetDecimal(4),
        Instant(reader, 5),
        Instant(reader, 6),
        (string[])reader.GetValue(7),
        (string[])reader.GetValue(8),
        reader.GetValue(9) as decimal?,
        reader.GetValue(10) as Guid?,
        reader.GetValue(11) as Guid?,
        reader.GetInt32(12));

    private static NpgsqlParameter Parameter(BidValues values, string name)
    {
        var request = values.Request;
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
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "The bid's statements name no such parameter."),
        };
    }

    // The ids of the bid's ledger entries and of their events, made once per bid so that every statement naming them sees the same ones.
    private sealed record BidValues(BidRequest Request, Guid ReleaseId, Guid HoldId, Guid ReleaseEventId, Guid HoldEventId);

    private static DateTimeOffset Instant(NpgsqlDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind((DateTime)reader.GetValue(ordinal), DateTimeKind.Utc));
}
