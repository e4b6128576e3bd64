namespace MakCrm.Infrastructure.Webhooks;

/// <summary>Outgoing webhooks (configuration section <c>Mak:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Mak:Webhooks";

    /// <summary>Off: this instance neither fans events out nor delivers (others on the same database still
    /// do).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Allows targets on loopback, private and other internal addresses: for a local demo and the tests, never in
    /// production, where a subscription could otherwise reach the servers' own network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How often the workers look for work when no event signal woke them (retries come due by the
    /// clock).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed delivery is a worker's before another may send it again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries claimed at once by one worker, and sent concurrently.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Batches an instance has in flight at once, once a batch came back full (more deliveries may be due). A batch is
    /// done only when its slowest receiver has answered; with two, one batch's tail overlaps the next batch's sends
    /// instead of leaving the instance idle. Claims never overlap (<c>SKIP LOCKED</c> under a lease), as between
    /// instances. Fan-out claims for its worker at most <see cref="BatchSize"/> × this many of the deliveries it makes
    /// in
    /// a round, as many as the worker sends at once.
    /// </summary>
    public int ConcurrentBatches { get; set; } = 2;

    /// <summary>Events fanned out in one transaction.</summary>
    public int FanOutBatchSize { get; set; } = 500;
}
