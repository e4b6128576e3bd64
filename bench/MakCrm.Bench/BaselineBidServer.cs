using System.Globalization;
using System.Text.Json;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Bench;

/// <summary>
/// The baseline of the auction benchmark: the least code that does the database work of
/// <c>POST /api/v1/lots/{id}/bids</c> — a minimal ASP.NET Core endpoint in a process of its own (Kestrel on 127.0.0.1, no
/// logging; the bearer token only names the bidder, from a dictionary), raw Npgsql, the API's own SQL
/// (src/Infrastructure/Persistence/Repositories/BidBook.cs) in the one round trip raw Npgsql allows and the API uses:
/// one batch without an explicit transaction (PostgreSQL commits it as the batch ends) — the lot's row lock only when
/// the bid can still win (the conditional lock: a bid below the committed minimum is refused without queueing), the
/// bidder's ledger lock (the same advisory key), the conditional writes (bid, previous leader's release, hold, the
/// lot's update), and the reads a refusal is answered from (<see cref="LotBidding.Decide"/> names the reason, e.g.
/// <c>bid_too_low</c> with <c>minimumBid</c>). So the ratio measures what the API adds around the same round trip:
/// HTTP pipeline, token validation and the caller's checks, JSON reading with per-field errors, validation, the
/// decorators, EF's connection handling, logging.
/// </summary>
internal static class BaselineBidServer
{
    /// <summary>The command line's word that makes this program the baseline's server (<see cref="ServeAsync"/>).</summary>
    public const string Command = "serve-auction-baseline";

    public static string BidsPath(Guid lotId) => $"/baseline/lots/{lotId}/bids";

    /// <summary>The baseline in a process of its own (<see cref="BaselineProcess"/>); the bidders' tokens on its standard input.</summary>
    public static Task<ServerProcess> StartAsync(BenchOptions options, string databaseConnection, IReadOnlyList<BidderAccount> bidders, CancellationToken cancellationToken) =>
        BaselineProcess.StartAsync(options, "auction baseline", Command, databaseConnection, bidders, cancellationToken);

    public static Task<int> ServeAsync(string[] args) =>
        BaselineProcess.ServeAsync<List<BidderAccount>>(args, (dataSource, bidders, app) =>
        {
            var handler = new BaselineBid(dataSource, bidders.ToDictionary(b => "Bearer " + b.AccessToken));
            app.MapPost("/baseline/lots/{id:guid}/bids", handler.HandleAsync);
            return Task.CompletedTask;
        });
}

internal sealed record BaselineBidBody(decimal? Amount);

internal sealed class BaselineBid(NpgsqlDataSource dataSource, IReadOnlyDictionary<string, BidderAccount> bidders)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The API's defaults (AuctionOptions); the benchmark's lots end a day later, so they never apply.</summary>
    private static readonly AntiSniping AntiSniping = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2));

    // The SQL below is BidBook's, statement for statement (one batch, no explicit transaction: one round trip).
    private const string UseGenericPlans = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";

    private const string LockIfItCanWin = """
        SELECT pg_advisory_xact_lock(LEAST(keys.bidder, keys.leader)), pg_advisory_xact_lock(GREATEST(keys.bidder, keys.leader)),
               set_config('mak.bid_lot_locked', @bid_text, true)
        FROM (SELECT leader_organization_id FROM lots
              WHERE id = @lot AND deleted_at IS NULL AND status = 'open' AND @amount >= COALESCE(current_price + min_step, start_price)
              FOR UPDATE) AS locked,
             LATERAL (SELECT hashtextextended(@ledger_key, 0) AS bidder,
                             COALESCE(hashtextextended('ledger:' || locked.leader_organization_id, 0), hashtextextended(@ledger_key, 0)) AS leader) AS keys
        """;

    private const string DecideAndWrite = """
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
            WHERE lot.status = 'open' AND lot.at >= lot.starts_at AND lot.at < lot.ends_at
              AND bidder.kind = 'franchisee'
              AND (cardinality(lot.eligible_cities) = 0
                   OR upper(regexp_replace(regexp_replace(bidder.city, '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g')) IN (SELECT upper(c) FROM unnest(lot.eligible_cities) c))
              AND (cardinality(lot.eligible_grades) = 0 OR upper(bidder.grade) IN (SELECT upper(g) FROM unnest(lot.eligible_grades) g))
              AND @amount >= COALESCE(lot.current_price + lot.min_step, lot.start_price)
              AND bidder.available + CASE WHEN lot.leader_organization_id = @org THEN lot.current_price ELSE 0 END >= @amount
              AND NOT EXISTS (SELECT 1 FROM bids b WHERE b.caller = @caller AND b.idempotency_key = @key)
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
            INSERT INTO bids (id, lot_id, organization_id, user_id, api_client_id, amount, placed_at, ends_at_after, bidder_number,
                              idempotency_key, caller, request_fingerprint)
            SELECT @bid, accepted.id, @org, @user, @client, @amount, accepted.at, accepted.ends_at, COALESCE(
                       (SELECT bidder_number FROM bids WHERE lot_id = @lot AND organization_id = @org LIMIT 1),
                       (SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE lot_id = @lot)),
                   @key, @caller, @fingerprint
            FROM accepted
        ), released AS (
            INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id, created_at,
                                        entry_no, balance_after, held_after)
            SELECT @release_id, accepted.leader_organization_id, 'hold_release', accepted.current_price, accepted.id, accepted.leader_bid_id,
                   accepted.lead_id, @user, accepted.at,
                   COALESCE(leader.entry_no, 0) + 1, COALESCE(leader.balance_after, 0) + accepted.current_price,
                   COALESCE(leader.held_after, 0) - accepted.current_price
            FROM accepted LEFT JOIN leader ON true WHERE accepted.leader_organization_id IS NOT NULL
        ), held AS (
            INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id, created_at,
                                        entry_no, balance_after, held_after)
            SELECT @hold_id, @org, 'hold', -@amount, accepted.id, @bid, accepted.lead_id, @user, accepted.at,
                   bidder.entry_no + own.entries + 1, bidder.available + own.released - @amount, bidder.held - own.released + @amount
            FROM accepted, bidder, own
        )
        UPDATE lots SET current_price = @amount, leader_organization_id = @org, leader_bid_id = @bid, bid_count = bid_count + 1,
                        ends_at = accepted.ends_at, version = version + 1, updated_at = accepted.at
        FROM accepted WHERE lots.id = accepted.id
        RETURNING lots.updated_at, lots.ends_at
        """;

    private const string ReadLotAndBidder = """
        SELECT l.id, l.lead_id, l.status, l.start_price, l.min_step, l.starts_at, l.ends_at, l.eligible_cities, l.eligible_grades,
               l.current_price, l.leader_organization_id, l.leader_bid_id, l.version, GREATEST(@now, l.updated_at + interval '1 microsecond'),
               o.kind, o.city, o.grade,
               CASE WHEN @amount >= COALESCE(l.current_price + l.min_step, l.start_price)
                    THEN COALESCE((SELECT e.balance_after FROM ledger_entries e WHERE e.organization_id = o.id ORDER BY e.entry_no DESC LIMIT 1), 0) END
        FROM organizations o LEFT JOIN lots l ON l.id = @lot AND l.deleted_at IS NULL
        WHERE o.id = @org AND NOT EXISTS (SELECT 1 FROM bids WHERE id = @bid)
        """;

    private const string ReadStored = """
        SELECT id, lot_id, amount, placed_at, ends_at_after, request_fingerprint
        FROM bids WHERE caller = @caller AND idempotency_key = @key AND id <> @bid
        """;

    public async Task<IResult> HandleAsync(Guid id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!bidders.TryGetValue(request.Headers.Authorization.ToString(), out var bidder))
        {
            return Results.Unauthorized();
        }

        var body = await JsonSerializer.DeserializeAsync<BaselineBidBody>(request.Body, Json, cancellationToken);
        string? key = request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } header ? header : null;
        if (body?.Amount is not { } amount || amount <= 0 || decimal.Round(amount, 2) != amount || key is { Length: > Bid.MaxIdempotencyKeyLength })
        {
            return Results.BadRequest();
        }

        var caller = $"user:{bidder.UserId}";
        var fingerprint = $"{id}:{amount.ToString("0.00", CultureInfo.InvariantCulture)}";
        var now = Microseconds(DateTimeOffset.UtcNow);
        var bidId = Guid.CreateVersion7(now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var values = new BaselineBidValues(id, bidder, amount, now, bidId, key, caller, fingerprint, Guid.CreateVersion7(now), Guid.CreateVersion7(now));
        foreach (var statement in Statements)
        {
            batch.BatchCommands.Add(statement.Command(values, Parameter));
        }

        await batch.PrepareAsync(cancellationToken); // once per physical connection, as the API does
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            return Accepted(bidId, id, amount, Instant(reader, 0), Instant(reader, 1));
        }

        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || await reader.IsDBNullAsync(0, cancellationToken))
        {
            return Results.NotFound();
        }

        var lot = new LotSnapshot(
            reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2) == "open" ? LotStatus.Open : LotStatus.Sold,
            reader.GetDecimal(3), reader.GetDecimal(4), Instant(reader, 5), Instant(reader, 6),
            (string[])reader.GetValue(7), (string[])reader.GetValue(8),
            reader.GetValue(9) as decimal?, reader.GetValue(10) as Guid?, reader.GetValue(11) as Guid?, reader.GetInt32(12));
        var decidedAt = Instant(reader, 13);
        var bidderState = new Bidder(
            bidder.OrganizationId, reader.GetString(14) == "franchisee", reader.GetValue(15) as string, reader.GetValue(16) as string, reader.GetValue(17) as decimal?);
        await reader.NextResultAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            return reader.GetString(5) == fingerprint
                ? Accepted(reader.GetGuid(0), id, amount, Instant(reader, 3), Instant(reader, 4))
                : Problem(new Error(ErrorCodes.IdempotencyKeyReused, "", ErrorKind.Conflict));
        }

        var decision = LotBidding.Decide(lot, bidderState, amount, AntiSniping, decidedAt);
        return Problem(decision.IsSuccess ? new Error(ErrorCodes.Conflict, "", ErrorKind.Conflict) : decision.Error!);
    }

    private static readonly PositionalSql[] Statements =
        [.. new[] { UseGenericPlans, LockIfItCanWin, DecideAndWrite, ReadLotAndBidder, ReadStored }.Select(PositionalSql.From)];

    // BidBook's parameters, the same types; the positional form is what BidBook sends too.
    private static NpgsqlParameter Parameter(BaselineBidValues values, string name) => name switch
    {
        "lot" => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = values.LotId },
        "org" => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = values.Bidder.OrganizationId },
        "amount" => new() { NpgsqlDbType = NpgsqlDbType.Numeric, Value = values.Amount },
        "now" => new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = values.Now },
        "window" => new() { NpgsqlDbType = NpgsqlDbType.Interval, Value = AntiSniping.Window },
        "extension" => new() { NpgsqlDbType = NpgsqlDbType.Interval, Value = AntiSniping.Extension },
        "bid" => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = values.BidId },
        "bid_text" => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = values.BidId.ToString("D") },
        "release_id" => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = values.ReleaseId },
        "hold_id" => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = values.HoldId },
        "ledger_key" => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = "ledger:" + values.Bidder.OrganizationId.ToString("D") },
        "user" => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = values.Bidder.UserId },
        "client" => new() { NpgsqlDbType = NpgsqlDbType.Varchar, Value = DBNull.Value },
        "caller" => new() { NpgsqlDbType = NpgsqlDbType.Varchar, Value = values.Caller },
        "key" => new() { NpgsqlDbType = NpgsqlDbType.Varchar, Value = (object?)values.Key ?? DBNull.Value },
        "fingerprint" => new() { NpgsqlDbType = NpgsqlDbType.Varchar, Value = values.Fingerprint },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "BidBook's statements name no such parameter."),
    };

    private static IResult Accepted(Guid bidId, Guid lotId, decimal amount, DateTimeOffset placedAt, DateTimeOffset endsAt) =>
        Results.Json(new { id = bidId, lotId, amount, placedAt, lotEndsAt = endsAt }, statusCode: StatusCodes.Status201Created);

    /// <summary>The problem's code and extensions (e.g. <c>minimumBid</c>), which is what a bidder reads from the API's problems.</summary>
    private static IResult Problem(Error error)
    {
        var body = new Dictionary<string, object?> { ["status"] = 409, ["code"] = error.Code };
        foreach (var (name, value) in error.Extensions ?? new Dictionary<string, object?>())
        {
            body[name] = value;
        }

        return Results.Json(body, statusCode: error.Kind == ErrorKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
            contentType: "application/problem+json");
    }

    private sealed record BaselineBidValues(
        Guid LotId, BidderAccount Bidder, decimal Amount, DateTimeOffset Now, Guid BidId, string? Key, string Caller, string Fingerprint, Guid ReleaseId, Guid HoldId);

    private static DateTimeOffset Instant(NpgsqlDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind((DateTime)reader.GetValue(ordinal), DateTimeKind.Utc));

    private static DateTimeOffset Microseconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % 10), TimeSpan.Zero);
}
