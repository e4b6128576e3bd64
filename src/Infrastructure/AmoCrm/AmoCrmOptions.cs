namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>Settings of the amoCRM integration (<c>Mak:AmoCrm</c>).</summary>
public sealed class AmoCrmOptions
{
    public const string Section = "Mak:AmoCrm";

    /// <summary>Requests a second one amoCRM account takes from every instance together (7 on amoCRM's basic plans;
    /// paid plans allow more).</summary>
    public int RequestsPerSecond { get; set; } = 7;

    /// <summary>
    /// Added to each second of the limiter's spacing: requests leave evenly spaced, but reach amoCRM with the network's
    /// jitter, and amoCRM counts them as they arrive, so a second of sends must be a little longer than a second.
    /// </summary>
    public TimeSpan RateMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long before an OAuth access token expires it is refreshed (amoCRM's last 24 hours).</summary>
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a call to amoCRM may take before it counts as lost: shorter than a database command's
    /// timeout (30 s), so an instance waiting on a refresh's row lock is not timed out first.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether this instance runs amoCRM imports (the worker); tests run them with the runner.</summary>
    public bool ImportsEnabled { get; set; } = true;

    /// <summary>How often the import worker looks for an import to run.</summary>
    public TimeSpan ImportPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an import's claim lasts without a committed page (the heartbeat) before another instance
    /// takes it over.</summary>
    public TimeSpan ImportLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Claims of one import after which it fails instead of being run again.</summary>
    public int ImportMaxAttempts { get; set; } = 5;

    /// <summary>Whether this instance runs the live sync's workers (the inbox and the outbox); tests run them with
    /// the runner.</summary>
    public bool SyncEnabled { get; set; } = true;

    /// <summary>How often the inbox worker looks for stored webhook deliveries.</summary>
    public TimeSpan InboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries applied together: the leads they name are read from amoCRM 250 a request, so a batch of
    /// deliveries that each name one lead (amoCRM's usual) fills one read.</summary>
    public int InboxBatch { get; set; } = AmoCrmSyncRunner.ReadBatch;

    /// <summary>How long an applied delivery is kept in the inbox (for an investigation) before it is deleted.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a claim of inbox deliveries lasts before another instance takes them over.</summary>
    public TimeSpan SyncLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Claims of an inbox delivery after which it is counted as failed and no longer tried (until the sync is
    /// resumed): a delivery amoCRM keeps failing to answer for must not hold up the ones behind it.</summary>
    public int InboxMaxAttempts { get; set; } = 5;

    /// <summary>How long deliveries whose application failed wait before they are tried again.</summary>
    public TimeSpan InboxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the inbox worker reads the leads amoCRM changed since the last such read (from a minute
    /// before it), closing the gaps of webhooks amoCRM did not deliver.</summary>
    public TimeSpan SyncPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the sync compares amoCRM's leads with MaK's, pipeline by pipeline (first a day after the
    /// start), and brings in those neither a webhook nor the poll brought.</summary>
    public TimeSpan SyncReconcileInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a claim of the comparison lasts before another instance may run it.</summary>
    public TimeSpan SyncReconcileLease { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the outbox worker reads the event feed without being woken.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The least time between two outbox rounds: MaK's changes meanwhile are coalesced per lead.</summary>
    public TimeSpan OutboxMinRoundInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Events of the feed read in one outbox round.</summary>
    public int OutboxBatch { get; set; } = 500;
}
