using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MakCrm.TelegramBot;

/// <summary>
/// The bot's instruments (meter <see cref="MeterName"/>): how late updates are handled and how they end. Exported with
/// the runtime's, Npgsql's and HttpClient's as Prometheus text at <c>/metrics</c> on a port of its own
/// (<see cref="BotOptions.MetricsPort"/>), never on the port that takes webhooks.
/// </summary>
public static class BotMetrics
{
    public const string MeterName = "MakCrm.TelegramBot";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> UpdateLag = Meter.CreateHistogram(
        "mak.bot.update.lag",
        "s",
        "From a message's date (as Telegram stamped it) to the bot handling it.",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        }
    );

    private static readonly Counter<long> Updates = Meter.CreateCounter<long>(
        "mak.bot.updates",
        "{update}",
        "Telegram updates by kind (message, button, membership) and outcome (handled, repeated, failed)."
    );

    /// <summary>A message's lag: now minus its Unix date (a button's update carries no date of its own).</summary>
    public static void MessageReceived(long unixDate, TimeProvider clock) =>
        UpdateLag.Record(Math.Max(0, clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0 - unixDate));

    public static void UpdateHandled(string kind, string outcome) =>
        Updates.Add(
            1,
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("outcome", outcome)
        );

    /// <summary>Collects the bot's metrics and serves them when <see cref="BotOptions.MetricsPort"/> is set.</summary>
    public static void AddBotMetrics(this IServiceCollection services, BotOptions options)
    {
        if (options.MetricsPort is null)
        {
            return;
        }

        services
            .AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mak-crm-telegram-bot"))
            .WithMetrics(meters =>
                meters
                    .AddMeter(MeterName, "System.Runtime", "System.Net.Http", "Npgsql")
                    .AddView("dotnet.assembly.count", "dotnet.assemblies")
                    .AddView("dotnet.process.cpu.count", "dotnet.process.cpus")
                    .AddView("dotnet.timer.count", "dotnet.timers")
                    .AddView("db.client.connection.count", "db.client.connections")
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)
            );
        services.AddHostedService<Server>();
    }

    /// <summary>A Kestrel server of its own for <c>/metrics</c>, on the metrics port.</summary>
    public sealed class Server(MeterProvider meterProvider, BotOptions options, ILogger<Server> logger) : IHostedService
    {
        private WebApplication? _app;

        public Uri? Address { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder
                .WebHost.UseKestrelCore()
                .ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.MetricsAddress), options.MetricsPort!.Value));
            var app = builder.Build();
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider,
                predicate: null,
                path: "/metrics",
                configureBranchedPipeline: null,
                optionsName: null
            );
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                logger.LogError(
                    ex,
                    "Metrics cannot listen on port {Port}; /metrics is not served (MAK_BOT_METRICS_PORT).",
                    options.MetricsPort
                );
                await app.DisposeAsync();
                return;
            }

            _app = app;
            Address = new Uri(
                app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            );
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_app is not null)
            {
                await _app.StopAsync(cancellationToken);
                await _app.DisposeAsync();
            }
        }
    }
}
