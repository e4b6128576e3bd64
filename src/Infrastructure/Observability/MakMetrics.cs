using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MakCrm.Infrastructure.Observability;

/// <summary>
/// The product's own instruments, on the meter <see cref="MeterName"/> (System.Diagnostics.Metrics). Recording costs
/// next to nothing while no listener is attached, and a counter's add or a histogram's record once one is (the metrics
/// pipeline aggregates in memory; nothing is written per measurement). Every tag's values come from a closed set (an
/// outcome, a policy, a worker's name, an error code of the catalogue), never from user input, so the number of
/// series stays bounded. Exposed at <c>/metrics</c> on the metrics port (README, Operations).
/// </summary>
public static class MakMetrics
{
    public const string MeterName = "MakCrm";

    private static readonly Meter Meter = new(MeterName);

    private static readonly ConcurrentDictionary<string, (long At, double IntervalSeconds)> LastSuccess = new(
        StringComparer.Ordinal
    );

    private static readonly Histogram<double> SequencerTurn = Meter.CreateHistogram(
        "mak.events.sequencer.turn.duration",
        "s",
        "How long one turn of the event sequencer took (lock, rendering, numbering, commit).",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        }
    );

    private static readonly Counter<long> Sequenced = Meter.CreateCounter<long>(
        "mak.events.sequenced",
        "{event}",
        "Events numbered by this instance's sequencer."
    );

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "mak.webhooks.deliveries",
        "{delivery}",
        "Webhook delivery attempts by outcome: succeeded, retry (pending again) or failed (given up)."
    );

    private static readonly UpDownCounter<long> StreamConnections = Meter.CreateUpDownCounter<long>(
        "mak.stream.connections",
        "{connection}",
        "Server-sent event streams open on this instance."
    );

    private static readonly UpDownCounter<long> Leases = Meter.CreateUpDownCounter<long>(
        "mak.worker.leases",
        "{lease}",
        "Leases of background work this instance holds now (an import it runs)."
    );

    private static readonly Counter<long> ImportRows = Meter.CreateCounter<long>(
        "mak.imports.rows",
        "{row}",
        "Imported rows committed, by import kind and outcome (created, duplicate, rejected)."
    );

    private static readonly Counter<long> Bids = Meter.CreateCounter<long>(
        "mak.auction.bids",
        "{bid}",
        "Auction bids placed, by outcome: accepted, or the problem code of the refusal."
    );

    private static readonly Counter<long> RateLimitRefusals = Meter.CreateCounter<long>(
        "mak.rate_limit.refusals",
        "{request}",
        "Requests refused with 429 by a rate limit, by policy."
    );

    private static readonly Counter<long> Mails = Meter.CreateCounter<long>(
        "mak.mail.sends",
        "{mail}",
        "Mail outbox sends by outcome: sent, retry (sent again later) or failed (given up)."
    );

    static MakMetrics()
    {
        Meter.CreateObservableGauge(
            "mak.worker.last_success.time",
            ObserveLastSuccess,
            "s",
            "When each background worker of this instance last finished a round without an error (Unix time)."
        );
        Meter.CreateObservableGauge(
            "mak.worker.interval",
            ObserveIntervals,
            "s",
            "How often each background worker of this instance wakes: a worker silent for a few intervals is stuck."
        );
    }

    public static void SequencerTurnTook(TimeSpan elapsed, int numbered)
    {
        SequencerTurn.Record(elapsed.TotalSeconds);
        if (numbered > 0)
        {
            Sequenced.Add(numbered);
        }
    }

    public static void WebhookDelivered(string outcome) =>
        WebhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void StreamOpened() => StreamConnections.Add(1);

    public static void StreamClosed() => StreamConnections.Add(-1);

    public static void LeaseTaken(string worker) => Leases.Add(1, new KeyValuePair<string, object?>("worker", worker));

    public static void LeaseGivenUp(string worker) =>
        Leases.Add(-1, new KeyValuePair<string, object?>("worker", worker));

    public static void ImportRowsCommitted(string kind, int created, int duplicates, int rejected)
    {
        var kindTag = new KeyValuePair<string, object?>("kind", kind);
        AddIfAny(ImportRows, created, kindTag, "created");
        AddIfAny(ImportRows, duplicates, kindTag, "duplicate");
        AddIfAny(ImportRows, rejected, kindTag, "rejected");
    }

    /// <summary>A bid's outcome: <c>accepted</c>, or the stable code of its refusal (a closed set: the error
    /// catalogue).</summary>
    public static void BidPlaced(string outcome) => Bids.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void RateLimitRefused(string policy) =>
        RateLimitRefusals.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public static void MailSent(string outcome) => Mails.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>
    /// Notes that the named worker (a class name: a closed set), which wakes every <paramref name="interval"/>,
    /// finished
    /// a round (or, for a long import, a batch) without an error just now.
    /// </summary>
    public static void WorkerSucceeded(string worker, TimeSpan interval, TimeProvider clock) =>
        LastSuccess[worker] = (clock.GetUtcNow().ToUnixTimeMilliseconds(), interval.TotalSeconds);

    private static IEnumerable<Measurement<double>> ObserveLastSuccess() =>
        LastSuccess.Select(w => new Measurement<double>(
            w.Value.At / 1000.0,
            new KeyValuePair<string, object?>("worker", w.Key)
        ));

    private static IEnumerable<Measurement<double>> ObserveIntervals() =>
        LastSuccess.Select(w => new Measurement<double>(
            w.Value.IntervalSeconds,
            new KeyValuePair<string, object?>("worker", w.Key)
        ));

    private static void AddIfAny(Counter<long> counter, int count, KeyValuePair<string, object?> kind, string outcome)
    {
        if (count > 0)
        {
            counter.Add(count, kind, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
