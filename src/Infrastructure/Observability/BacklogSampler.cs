using System.Diagnostics.Metrics;
using MakCrm.Application.Webhooks;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Mail;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Observability;

/// <summary>
/// The queues' depths and ages, read from the database by one statement every <see cref="Interval"/> (each count uses
/// the partial index its worker claims by) and exposed as gauges on <see cref="MakMetrics.MeterName"/>. A scrape reads
/// the last sample and never waits on the database; the gauges are left out until the first sample, and a failed
/// sample is logged and keeps the previous one. Runs only where metrics are on; every instance reports the same
/// database-wide values, so alerts take their <c>max</c>.
/// </summary>
public sealed partial class BacklogSampler : BackgroundService
{
    /// <summary>How often the backlog is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static readonly string Pending = EnumLiterals.Of(Contracts.WebhookDeliveryStatus.Pending);
    private static readonly string Claimable = EnumLiterals.List(ImportStatus.Queued, ImportStatus.Running);

    internal static readonly string Sql = $"""
        SELECT
            (SELECT count(*) FROM events WHERE sequence IS NULL),
            (SELECT extract(epoch FROM $1 - occurred_at)::float8 FROM events WHERE sequence IS NULL ORDER BY position
                LIMIT 1),
            (SELECT count(*) FROM webhook_deliveries WHERE status = {Pending}),
            (SELECT count(*) FROM webhook_deliveries WHERE status = {Pending} AND next_attempt_at <= $1),
            (SELECT count(*) FROM mail_outbox WHERE status = '{OutboxMail.Pending}'),
            (SELECT count(*) FROM mail_outbox WHERE status = '{OutboxMail.Pending}' AND next_attempt_at <= $1),
            (SELECT count(*) FROM import_operations WHERE status IN ({Claimable})),
            (SELECT extract(epoch FROM max(created_at))::float8 FROM signing_keys WHERE retired_at IS NULL)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly ILogger<BacklogSampler> _logger;
    private readonly Meter _meter = new(MakMetrics.MeterName);
    private Sample? _last;

    public BacklogSampler(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<BacklogSampler> logger)
    {
        (_dataSource, _clock, _logger) = (dataSource, clock, logger);
        Gauge(
            "mak.events.outbox.pending",
            "{event}",
            "Committed events the sequencer has not numbered yet.",
            s => s.EventsPending
        );
        Gauge(
            "mak.events.outbox.lag",
            "s",
            "Age of the oldest event the sequencer has not numbered (0 when none waits).",
            s => s.OutboxLagSeconds
        );
        Gauge(
            "mak.webhooks.backlog",
            "{delivery}",
            "Webhook deliveries still pending (due now or waiting for a retry).",
            s => s.WebhooksPending
        );
        Gauge(
            "mak.webhooks.due",
            "{delivery}",
            "Pending webhook deliveries whose attempt is due now.",
            s => s.WebhooksDue
        );
        Gauge(
            "mak.mail.backlog",
            "{mail}",
            "Mails of the outbox still pending (due now or waiting for a retry).",
            s => s.MailPending
        );
        Gauge("mak.mail.due", "{mail}", "Pending mails whose attempt is due now.", s => s.MailDue);
        Gauge("mak.imports.unfinished", "{import}", "Imports queued or running.", s => s.ImportsUnfinished);
        Gauge(
            "mak.signing_key.created.time",
            "s",
            "When the key that signs access tokens now was made (Unix time; it rotates every 30 days).",
            s => s.SigningKeyCreated
        );
        Gauge(
            "mak.backlog.sampled.time",
            "s",
            "When these backlog gauges were last read from the database (Unix time).",
            s => s.SampledAt
        );
    }

    /// <summary>One reading of the backlog (the values of the gauges).</summary>
    internal sealed record Sample(
        double EventsPending,
        double OutboxLagSeconds,
        double WebhooksPending,
        double WebhooksDue,
        double MailPending,
        double MailDue,
        double ImportsUnfinished,
        double SigningKeyCreated,
        double SampledAt
    );

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _clock);
        try
        {
            do
            {
                try
                {
                    _last = await ReadAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    SampleFailed(_logger, ex);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal async Task<Sample> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        await using var command = _dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        double Number(int column) =>
            reader.IsDBNull(column)
                ? 0
                : Convert.ToDouble(reader.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);
        return new Sample(
            Number(0),
            Math.Max(0, Number(1)),
            Number(2),
            Number(3),
            Number(4),
            Number(5),
            Number(6),
            Number(7),
            now.ToUnixTimeMilliseconds() / 1000.0
        );
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    private void Gauge(string name, string unit, string description, Func<Sample, double> value) =>
        _meter.CreateObservableGauge(
            name,
            () => _last is { } sample ? [new Measurement<double>(value(sample))] : Array.Empty<Measurement<double>>(),
            unit,
            description
        );

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Reading the backlog for the metrics failed; the gauges keep the previous reading."
    )]
    private static partial void SampleFailed(ILogger logger, Exception exception);
}
