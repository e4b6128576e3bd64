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

/// <summary>
/// One bid request: the slice it was sent in (-1 for the warm-up, else the measured slice's number), when it started
/// (ms since that slice began), how long it took, and how it ended.
/// </summary>
internal sealed record BidAttempt(int Slice, double StartedMs, double LatencyMs, BidOutcome Outcome, string Detail);

/// <summary>A bid the server accepted, as its 201 answer named it.</summary>
internal sealed record AcceptedBidRecord(Guid LotId, Guid BidId, decimal Amount, Guid OrganizationId);

/// <summary>Everything one side's load did: every attempt (warm-up included), every accepted bid, and the measured slices' lengths.</summary>
internal sealed record AuctionRun(IReadOnlyList<BidAttempt> Attempts, IReadOnlyList<AcceptedBidRecord> Accepted, IReadOnlyList<TimeSpan> Slices)
{
    /// <summary>The attempts that started in a measured slice (not in the warm-up).</summary>
    public IReadOnlyList<BidAttempt> Measured { get; } = Attempts.Where(a => a.Slice >= 0).ToList();

    public TimeSpan Duration { get; } = Slices.Aggregate(TimeSpan.Zero, (sum, slice) => sum + slice);

    public double AcceptedPerSecond => Measured.Count(a => a.Outcome == BidOutcome.Accepted) / Duration.TotalSeconds;

    public double AttemptsPerSecond => Measured.Count / Duration.TotalSeconds;

    public long Count(BidOutcome outcome) => Attempts.Count(a => a.Outcome == outcome);

    /// <summary>Nearest-rank percentile of the measured attempts' latencies (all answers, or only one outcome).</summary>
    public double Percentile(double p, BidOutcome? outcome = null) =>
        NearestRank(Measured.Where(a => outcome is null || a.Outcome == outcome), p);

    /// <summary>Accepted bids per second in each measured slice.</summary>
    public double AcceptedPerSecondIn(int slice) =>
        Measured.Count(a => a.Slice == slice && a.Outcome == BidOutcome.Accepted) / Slices[slice].TotalSeconds;

    /// <summary>
    /// Accepted bids/s, all bids/s and the p50 in each measured slice: a slice in the stale loop (bench/README.md) shows
    /// as fewer accepted and more refused bids at a higher p50.
    /// </summary>
    public string Timeline() =>
        "per slice (accepted/all bids per s, p50 ms): " + string.Join("; ", Measured.GroupBy(a => a.Slice).OrderBy(g => g.Key).Select(g =>
        {
            var seconds = Slices[g.Key].TotalSeconds;
            return FormattableString.Invariant(
                $"#{g.Key + 1} {g.Count(a => a.Outcome == BidOutcome.Accepted) / seconds:0}/{g.Count() / seconds:0} p50 {NearestRank(g, 50):0.0}");
        }));

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
/// The load runs in slices (<see cref="RunSliceAsync"/>), so that the two sides can take turns; what each bidder knows
/// and which lot it is on carries over from one slice to its next.
/// </summary>
internal sealed class AuctionLoad
{
    private readonly Lock _lock = new();
    private readonly List<BidAttempt> _attempts = new(1 << 18);
    private readonly List<AcceptedBidRecord> _accepted = new(1 << 16);
    private readonly List<TimeSpan> _slices = [];
    private readonly HttpClient _http;
    private readonly AuctionWorld _world;
    private readonly Func<Guid, string> _bidsPath;
    private readonly BidderState[] _bidders;

    public AuctionLoad(HttpClient http, AuctionWorld world, Func<Guid, string> bidsPath, int seed)
    {
        (_http, _world, _bidsPath) = (http, world, bidsPath);
        _bidders = world.Bidders.Select(bidder =>
        {
            var random = new Random(seed + bidder.Number);
            return new BidderState(bidder, random, world.Lots.Select(l => l.StartPrice).ToArray()) { Lot = random.Next(world.Lots.Count) };
        }).ToArray();
    }

    /// <summary>
    /// Every bidder bids until the slice's time is up and then finishes the request it has in flight: requests started
    /// in a slice count in it. A warm-up slice's attempts are kept (the checks need every accepted bid) but not measured.
    /// </summary>
    public async Task RunSliceAsync(TimeSpan length, bool measured, CancellationToken cancellationToken)
    {
        var slice = measured ? _slices.Count : -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(_bidders.Select(bidder => Task.Run(() => BidderAsync(bidder, slice, clock, length, cancellationToken), cancellationToken)));
        if (measured)
        {
            _slices.Add(length);
        }
    }

    public AuctionRun Result()
    {
        lock (_lock)
        {
            return new AuctionRun(_attempts.ToList(), _accepted.ToList(), _slices.ToList());
        }
    }

    private async Task BidderAsync(BidderState state, int slice, Stopwatch clock, TimeSpan end, CancellationToken cancellationToken)
    {
        while (clock.Elapsed < end && !cancellationToken.IsCancellationRequested)
        {
            var target = _world.Lots[state.Lot];
            var amount = state.Known[state.Lot];
            var started = clock.Elapsed;
            var (outcome, detail, answer) = await SendAsync(state.Account, target.Id, amount, cancellationToken);
            var latency = (clock.Elapsed - started).TotalMilliseconds;
            lock (_lock)
            {
                _attempts.Add(new BidAttempt(slice, started.TotalMilliseconds, latency, outcome, detail));
                if (outcome == BidOutcome.Accepted)
                {
                    _accepted.Add(new AcceptedBidRecord(target.Id, answer, amount, state.Account.OrganizationId));
                }
            }

            switch (outcome)
            {
                case BidOutcome.Accepted:
                    state.Known[state.Lot] = amount + target.MinStep;
                    if (_world.Lots.Count > 1)
                    {
                        state.Lot = (state.Lot + 1 + state.Random.Next(_world.Lots.Count - 1)) % _world.Lots.Count;
                    }

                    break;
                case BidOutcome.TooLow:
                    state.Known[state.Lot] = decimal.Parse(detail, CultureInfo.InvariantCulture);
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
            using var request = new HttpRequestMessage(HttpMethod.Post, _bidsPath(lotId))
            {
                Content = new StringContent($"{{\"amount\":{amount.ToString("0.00", CultureInfo.InvariantCulture)}}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bidder.AccessToken);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await _http.SendAsync(request, cancellationToken);
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

    /// <summary>A bidder between slices: the lot it is on, what it last learnt of each lot's minimum, its seeded choices.</summary>
    private sealed class BidderState(BidderAccount account, Random random, decimal[] known)
    {
        public BidderAccount Account { get; } = account;

        public Random Random { get; } = random;

        public decimal[] Known { get; } = known;

        public int Lot { get; set; }
    }
}
