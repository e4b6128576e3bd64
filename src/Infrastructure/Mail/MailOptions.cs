namespace MakCrm.Infrastructure.Mail;

/// <summary>
/// E-mail (configuration section <c>Mak:Mail</c>): the SMTP server, or with no <see cref="Host"/> a pickup folder the
/// mails are written to as <c>.eml</c> files, and the worker that sends the outbox.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mak:Mail";

    /// <summary>The SMTP server; empty: mails are written to <see cref="PickupDirectory"/> instead.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender of every mail.</summary>
    public string From { get; set; } = "MaK CRM <no-reply@mak-crm.local>";

    /// <summary>Where mails go as <c>.eml</c> files when no SMTP host is configured.</summary>
    public string PickupDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "mak-crm-mail");

    /// <summary>The public address of the cabinet, which the links in mails point to (no trailing slash
    /// needed).</summary>
    public string CabinetUrl { get; set; } = "http://localhost:5173";

    /// <summary>Off: this instance sends no mail (others on the same database still may).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this many mails are claimed by one round.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>How long the SMTP server may take to accept one mail.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A mail that failed this many times is given up (status <c>failed</c>, logged).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; it doubles after each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(Host);

    /// <summary>
    /// How long a claim keeps a batch from other senders: long enough to send the whole batch (one timeout per mail and
    /// one to spare), so that a claim never runs out while its sender is alive; a crashed sender's batch is claimable
    /// again after it.
    /// </summary>
    public TimeSpan Lease => SendTimeout * (BatchSize + 1);

    /// <summary>The wait before the next attempt after the <paramref name="attempts"/>-th failure (1, 2,
    /// ...).</summary>
    public TimeSpan RetryAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = RetryDelay * factor;
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }
}
