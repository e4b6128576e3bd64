using System.Globalization;
using System.Text.Json;
using MakCrm.Domain.Auction;
using MakCrm.Domain.Common;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Infrastructure.Idempotency;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Persistence.Repositories;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The baseline of the auction benchmark: the least code that does the database work of
/// <c>POST /api/v1/lots/{id}/bids</c> — a minimal ASP.NET Core endpoint in a process of its own (Kestrel on 127.0.0.1, no
/// logging; the bearer token only names the bidder, from a dictionary) calling the API's own <c>BidBook</c>
/// (src/Infrastructure/Persistence/RawSql/BidBook.cs) on a raw Npgsql data source: the one round trip the API uses,
/// one batch without an explicit transaction (PostgreSQL commits it as the batch ends) — the lot's row lock only when
/// the bid can still win (the conditional lock: a bid below the committed minimum is refused without queueing), the
/// bidder's ledger lock (the same advisory key), the conditional writes (bid, previous leader's release, hold, their
/// ledger.entry_recorded events, the
/// lot's update), and the reads a refusal is answered from (<see cref="LotBidding.Decide"/> names the reason, e.g.
/// <c>bid_too_low</c> with <c>minimumBid</c>), with the bid's Idempotency-Key claimed and its answer's reference stored
/// in that batch, as the API does (ADR 0034). So the ratio measures what the API adds around the same round trip:
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

    // The key's store as the API has it, for a retry's read only: the claim and the answer's reference are in the
    // bid's batch.
    private readonly IdempotencyStore _keys = BaselineKeys.Store(dataSource);

    public async Task<IResult> HandleAsync(Guid id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!bidders.TryGetValue(request.Headers.Authorization.ToString(), out var bidder))
        {
            return Results.Unauthorized();
        }

        var bytes = await BaselineKeys.ReadBodyAsync(request, cancellationToken);
        var body = JsonSerializer.Deserialize<BaselineBidBody>(bytes, Json);
        if (body?.Amount is not { } amount || amount <= 0 || decimal.Round(amount, 2) != amount)
        {
            return Results.BadRequest();
        }

        // The production statements and their reading, not a copy: the baseline and the API send the same round trip,
        // with the Idempotency-Key's claim and the answer's reference in it.
        var keyed = new IdempotentRequest();
        if (BaselineKeys.Of(request, bytes, bidder.UserId) is { } key)
        {
            keyed.Begin(key);
        }

        var now = Microseconds(DateTimeOffset.UtcNow);
        var bid = new BidRequest(Guid.CreateVersion7(now), id, bidder.OrganizationId, bidder.UserId, null, amount, AntiSniping, now);
        MakCrm.Application.Abstractions.Persistence.BidAttempt attempt;
        try
        {
            attempt = await new BidBook(dataSource, keyed, _keys).PlaceAsync(bid, cancellationToken);
        }
        catch (IdempotencyKeyTakenException)
        {
            return Results.Conflict();
        }

        if (keyed.Replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        if (attempt.Accepted is { } accepted)
        {
            return Accepted(accepted.BidId, id, amount, accepted.PlacedAt, accepted.LotEndsAt);
        }

        if (attempt.Lot is null || attempt.Bidder is null)
        {
            return Results.NotFound();
        }

        var decision = LotBidding.Decide(attempt.Lot, attempt.Bidder, amount, AntiSniping, attempt.DecidedAt);
        return Problem(decision.IsSuccess ? new Error(ErrorCodes.Conflict, "", ErrorKind.Conflict) : decision.Error!);
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

    private static DateTimeOffset Microseconds(DateTimeOffset value) => new(value.Ticks - (value.Ticks % 10), TimeSpan.Zero);
}
