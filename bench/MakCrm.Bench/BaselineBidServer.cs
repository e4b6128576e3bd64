using System.Globalization;
using System.Text.Json;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Bench;

/// <summary>
/// The baseline of the auction benchmark: the least code that does the database work of
/// <c>POST /api/v1/lots/{id}/bids</c> — a minimal ASP.NET Core endpoint in this process (Kestrel on 127.0.0.1, no
/// logging; the bearer token only names the bidder, from a dictionary), raw Npgsql, one transaction with the API's
/// own SQL (src/Infrastructure/Persistence/Repositories/BidBook.cs) in the same two batches: the lot's row lock, the
/// bidder's ledger lock (the same advisory key), the bidder and its balance, the stored idempotency key; then the
/// domain's own decision (<see cref="LotBidding.Decide"/>: open, eligible, at least current price + step, covered);
/// then the bid, the previous leader's hold release, the new hold and the lot's update; commit.
/// So the ratio measures what the API adds over the same SQL: HTTP pipeline, token validation and the caller's
/// checks, JSON reading with per-field errors, validation, the decorators, EF's transaction and connection handling,
/// logging.
/// </summary>
internal sealed class BaselineBidServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BaselineBidServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static string BidsPath(Guid lotId) => $"/baseline/lots/{lotId}/bids";

    public static async Task<BaselineBidServer> StartAsync(string databaseConnection, IReadOnlyList<BidderAccount> bidders, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var dataSource = new NpgsqlDataSourceBuilder(databaseConnection).Build();
        var app = builder.Build();
        var handler = new BaselineBid(dataSource, bidders.ToDictionary(b => "Bearer " + b.AccessToken));
        app.MapPost("/baseline/lots/{id:guid}/bids", handler.HandleAsync);
        app.Lifetime.ApplicationStopped.Register(dataSource.Dispose);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BaselineBidServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record BaselineBidBody(decimal? Amount);

internal sealed class BaselineBid(NpgsqlDataSource dataSource, IReadOnlyDictionary<string, BidderAccount> bidders)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The API's defaults (AuctionOptions); the benchmark's lots end a day later, so they never apply.</summary>
    private static readonly AntiSniping AntiSniping = new(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2));

    // The SQL below is BidBook's, statement for statement.
    private const string LockLot = """
        SELECT id, lead_id, status, start_price, min_step, starts_at, ends_at, eligible_cities, eligible_grades,
               current_price, leader_organization_id, leader_bid_id, version
        FROM lots WHERE id = @lot AND deleted_at IS NULL FOR UPDATE
        """;

    private const string LockLedger = "SELECT pg_advisory_xact_lock(hashtextextended(@ledger_key, 0))";

    private const string ReadBidder = """
        SELECT o.kind, o.city, o.grade, (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e WHERE e.organization_id = o.id)
        FROM organizations o WHERE o.id = @org
        """;

    private const string ReadStored = """
        SELECT id, lot_id, amount, placed_at, ends_at_after, request_fingerprint
        FROM bids WHERE caller = @caller AND idempotency_key = @key
        """;

    private const string InsertBid = """
        INSERT INTO bids (id, lot_id, organization_id, user_id, api_client_id, amount, placed_at, ends_at_after, bidder_number,
                          idempotency_key, caller, request_fingerprint)
        VALUES (@id, @lot, @org, @user, @client, @amount, @now, @ends_at, COALESCE(
                    (SELECT bidder_number FROM bids WHERE lot_id = @lot AND organization_id = @org LIMIT 1),
                    (SELECT COALESCE(MAX(bidder_number), 0) + 1 FROM bids WHERE lot_id = @lot)),
                @key, @caller, @fingerprint)
        """;

    private const string InsertLedgerEntry = """
        INSERT INTO ledger_entries (id, organization_id, kind, amount, lot_id, bid_id, lead_id, created_by_user_id, created_at)
        VALUES (@id, @org, @kind, @amount, @lot, @bid, @lead, @user, @now)
        """;

    private const string UpdateLot = """
        UPDATE lots SET current_price = @amount, leader_organization_id = @org, leader_bid_id = @bid, bid_count = bid_count + 1,
                        ends_at = @ends_at, version = version + 1, updated_at = @now
        WHERE id = @lot AND version = @version
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        LotSnapshot? lot = null;
        var bidderState = new Bidder(bidder.OrganizationId, false, null, null, 0m);
        (Guid Id, decimal Amount, DateTimeOffset PlacedAt, DateTimeOffset EndsAt, string Fingerprint)? stored = null;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command(LockLot, ("lot", id)));
            batch.BatchCommands.Add(Command(LockLedger, ("ledger_key", "ledger:" + bidder.OrganizationId.ToString("D"))));
            batch.BatchCommands.Add(Command(ReadBidder, ("org", bidder.OrganizationId)));
            if (key is not null)
            {
                batch.BatchCommands.Add(Command(ReadStored, ("caller", caller), ("key", key)));
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                lot = new LotSnapshot(
                    reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2) == "open" ? LotStatus.Open : LotStatus.Sold,
                    reader.GetDecimal(3), reader.GetDecimal(4), Instant(reader, 5), Instant(reader, 6),
                    (string[])reader.GetValue(7), (string[])reader.GetValue(8),
                    reader.GetValue(9) as decimal?, reader.GetValue(10) as Guid?, reader.GetValue(11) as Guid?, reader.GetInt32(12));
            }

            await reader.NextResultAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                bidderState = new Bidder(
                    bidder.OrganizationId, reader.GetString(0) == "franchisee", reader.GetValue(1) as string, reader.GetValue(2) as string, reader.GetDecimal(3));
            }

            if (key is not null && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
            {
                stored = (reader.GetGuid(0), reader.GetDecimal(2), Instant(reader, 3), Instant(reader, 4), reader.GetString(5));
            }
        }

        if (lot is null)
        {
            return Results.NotFound();
        }

        if (stored is { } replay)
        {
            return replay.Fingerprint == fingerprint
                ? Accepted(replay.Id, id, amount, replay.PlacedAt, replay.EndsAt)
                : Problem(new Error(ErrorCodes.IdempotencyKeyReused, "", ErrorKind.Conflict));
        }

        var now = Microseconds(DateTimeOffset.UtcNow);
        var decision = LotBidding.Decide(lot, bidderState, amount, AntiSniping, now);
        if (!decision.IsSuccess)
        {
            return Problem(decision.Error!);
        }

        var bidId = Guid.CreateVersion7(now);
        var accepted = decision.Value;
        await using (var writes = new NpgsqlBatch(connection, transaction))
        {
            writes.BatchCommands.Add(Command(
                InsertBid,
                ("id", bidId), ("lot", id), ("org", bidder.OrganizationId), ("user", bidder.UserId), ("client", null), ("amount", amount),
                ("now", now), ("ends_at", accepted.EndsAt), ("key", key), ("caller", caller), ("fingerprint", fingerprint)));
            if (accepted.ReleaseOrganizationId is { } released)
            {
                writes.BatchCommands.Add(LedgerEntry(released, "hold_release", accepted.ReleaseAmount, lot, accepted.ReleaseBidId, bidder.UserId, now));
            }

            writes.BatchCommands.Add(LedgerEntry(bidder.OrganizationId, "hold", -amount, lot, bidId, bidder.UserId, now));
            writes.BatchCommands.Add(Command(
                UpdateLot,
                ("amount", amount), ("org", bidder.OrganizationId), ("bid", bidId), ("ends_at", accepted.EndsAt), ("now", now), ("lot", id), ("version", lot.Version)));
            await writes.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Accepted(bidId, id, amount, now, accepted.EndsAt);
    }

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

    private static NpgsqlBatchCommand LedgerEntry(Guid organizationId, string kind, decimal amount, LotSnapshot lot, Guid? bidId, Guid userId, DateTimeOffset now) =>
        Command(
            InsertLedgerEntry,
            ("id", Guid.CreateVersion7(now)), ("org", organizationId), ("kind", kind), ("amount", amount),
            ("lot", lot.Id), ("bid", bidId), ("lead", lot.LeadId), ("user", userId), ("now", now));

    private static DateTimeOffset Instant(NpgsqlDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind((DateTime)reader.GetValue(ordinal), DateTimeKind.Utc));

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                null when name is "user" or "bid" => new NpgsqlParameter(name, NpgsqlDbType.Uuid) { Value = DBNull.Value },
                null => new NpgsqlParameter(name, NpgsqlDbType.Varchar) { Value = DBNull.Value },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }

    private static DateTimeOffset Microseconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % 10), TimeSpan.Zero);
}
