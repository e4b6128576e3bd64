using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MakCrm.Bench;

internal enum BidOutcome
{
    Accepted,
    TooLow,
    OtherRejection,
    ServerError,
    TransportError,
}

/// <summary>One bid request: when it started (ms since the load began), how long it took, and how it ended.</summary>
internal sealed record BidAttempt(double StartedMs, double LatencyMs, BidOutcome Outcome, string Detail);

/// <summary>A bid the server accepted, as its 201 answer named it.</summary>
internal sealed record AcceptedBidRecord(Guid LotId, Guid BidId, decimal Amount, Guid OrganizationId);

/// <summary>Everything one side's load did: every attempt (warm-up included) and every accepted bid.</summary>
internal sealed record AuctionRun(IReadOnlyList<BidAttempt> Attempts, IReadOnlyList<AcceptedBidRecord> Accepted, TimeSpan Warmup, TimeSpan Duration)
{
    /// <summary>The attempts that started in the measured window (after the warm-up).</summary>
    public IReadOnlyList<BidAttempt> Measured { get; } =
        Attempts.Where(a => a.StartedMs >= Warmup.TotalMilliseconds && a.StartedMs < (Warmup + Duration).TotalMilliseconds).ToList();

    public double AcceptedPerSecond => Measured.Count(a => a.Outcome == BidOutcome.Accepted) / Duration.TotalSeconds;

    public double AttemptsPerSecond => Measured.Count / Duration.TotalSeconds;

    public long Count(BidOutcome outcome) => Attempts.Count(a => a.Outcome == outcome);

    /// <summary>Nearest-rank percentile of the measured attempts' latencies (all answers, or only one outcome).</summary>
    public double Percentile(double p, BidOutcome? outcome = null) =>
        NearestRank(Measured.Where(a => outcome is null || a.Outcome == outcome), p);

    /// <summary>
    /// Accepted bids/s, all bids/s and the p50 in each slice of the measured window: a run that falls into the stale
    /// loop (bench/README.md) shows as fewer accepted and more refused bids at a higher p50 from the slice where it did.
    /// </summary>
    public string Timeline(TimeSpan slice)
    {
        var slices = Measured
            .GroupBy(a => (int)((a.StartedMs - Warmup.TotalMilliseconds) / slice.TotalMilliseconds))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                // The last slice may be shorter than the others: rates are per second of the slice's own length.
                var seconds = Math.Min(slice.TotalSeconds, Duration.TotalSeconds - g.Key * slice.TotalSeconds);
                return FormattableString.Invariant(
                    $"{g.Key * slice.TotalSeconds:0}s {g.Count(a => a.Outcome == BidOutcome.Accepted) / seconds:0}/{g.Count() / seconds:0} p50 {NearestRank(g, 50):0.0}");
            });
        return $"per {slice.TotalSeconds:0} s (accepted/all bids per s, p50 ms): {string.Join("; ", slices)}";
    }

    public string? FirstFailure => Attempts.FirstOrDefault(a => a.Outcome is BidOutcome.ServerError or BidOutcome.TransportError or BidOutcome.OtherRejection)?.Detail;

    private static double NearestRank(IEnumerable<BidAttempt> attempts, double p)
    {
        var sorted = attempts.Select(a => a.LatencyMs).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// The bidders: each a task sending one bid at a time (a closed loop) with its own franchisee's token and a new
/// Idempotency-Key per attempt. A bidder bids what it last learnt is the lot's minimum — the start price at first,
/// then its own accepted amount + step, or the <c>minimumBid</c> of a <c>bid_too_low</c> problem — and keeps bidding
/// on a lot while it is outbid; once it leads, it moves to another lot (seeded choice), as a bidder in a bidding war
/// would rather than raise its own lead.
/// </summary>
internal sealed class AuctionLoad(HttpClient http, AuctionWorld world, Func<Guid, string> bidsPath, int seed)
{
    private readonly Lock _lock = new();
    private readonly List<BidAttempt> _attempts = new(1 << 18);
    private readonly List<AcceptedBidRecord> _accepted = new(1 << 16);

    public async Task<AuctionRun> RunAsync(TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var end = warmup + duration;
        await Task.WhenAll(world.Bidders.Select(bidder => Task.Run(() => BidderAsync(bidder, clock, end, cancellationToken), cancellationToken)));
        lock (_lock)
        {
            return new AuctionRun(_attempts.ToList(), _accepted.ToList(), warmup, duration);
        }
    }

    private async Task BidderAsync(BidderAccount bidder, Stopwatch clock, TimeSpan end, CancellationToken cancellationToken)
    {
        var random = new Random(seed + bidder.Number);
        var known = world.Lots.Select(l => l.StartPrice).ToArray();
        var lot = random.Next(world.Lots.Count);
        while (clock.Elapsed < end && !cancellationToken.IsCancellationRequested)
        {
            var target = world.Lots[lot];
            var amount = known[lot];
            var started = clock.Elapsed;
            var (outcome, detail, answer) = await SendAsync(bidder, target.Id, amount, cancellationToken);
            var latency = (clock.Elapsed - started).TotalMilliseconds;
            lock (_lock)
            {
                _attempts.Add(new BidAttempt(started.TotalMilliseconds, latency, outcome, detail));
                if (outcome == BidOutcome.Accepted)
                {
                    _accepted.Add(new AcceptedBidRecord(target.Id, answer, amount, bidder.OrganizationId));
                }
            }

            switch (outcome)
            {
                case BidOutcome.Accepted:
                    known[lot] = amount + target.MinStep;
                    if (world.Lots.Count > 1)
                    {
                        lot = (lot + 1 + random.Next(world.Lots.Count - 1)) % world.Lots.Count;
                    }

                    break;
                case BidOutcome.TooLow:
                    known[lot] = decimal.Parse(detail, CultureInfo.InvariantCulture);
                    break;
                case BidOutcome.TransportError:
                    await Task.Delay(10, cancellationToken); // do not spin on a refusing server
                    break;
            }
        }
    }

    /// <summary>Sends one bid; for an accepted bid returns its id, for bid_too_low the minimumBid as the detail.</summary>
    private async Task<(BidOutcome Outcome, string Detail, Guid BidId)> SendAsync(BidderAccount bidder, Guid lotId, decimal amount, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, bidsPath(lotId))
            {
                Content = new StringContent($"{{\"amount\":{amount.ToString("0.00", CultureInfo.InvariantCulture)}}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bidder.AccessToken);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.Created)
            {
                using var document = JsonDocument.Parse(body);
                return response.Headers.Contains("Idempotent-Replayed")
                    ? (BidOutcome.OtherRejection, "a fresh Idempotency-Key was answered as a replay", Guid.Empty)
                    : (BidOutcome.Accepted, "", document.RootElement.GetProperty("id").GetGuid());
            }

            if (status >= 500)
            {
                return (BidOutcome.ServerError, $"{status}: {body[..Math.Min(body.Length, 500)]}", Guid.Empty);
            }

            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.GetProperty("code").GetString() == "bid_too_low")
                {
                    return (BidOutcome.TooLow, root.GetProperty("minimumBid").GetDecimal().ToString(CultureInfo.InvariantCulture), Guid.Empty);
                }
            }

            return (BidOutcome.OtherRejection, $"{status}: {body[..Math.Min(body.Length, 500)]}", Guid.Empty);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            return (BidOutcome.TransportError, ex.Message, Guid.Empty);
        }
    }
}
