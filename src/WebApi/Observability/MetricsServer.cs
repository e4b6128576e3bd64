using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Metrics;

namespace MakCrm.WebApi.Observability;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text, from the API's meter provider) on a Kestrel server of its own, on
/// <see cref="MetricsOptions.Port"/>: the API's port has no such path, so a balancer that forwards only the API's port
/// cannot expose it, and none of the API's middleware (authentication, rate limits, the access log) runs for a scrape.
/// Its own requests are left out of the HTTP metrics. A port it cannot listen on is logged as an error and the API
/// serves on without <c>/metrics</c> (Prometheus then reports the target down), rather than not at all.
/// </summary>
public sealed partial class MetricsServer(
    MeterProvider meterProvider,
    MetricsOptions options,
    ILogger<MetricsServer> logger
) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where it listens once started (<c>http://127.0.0.1:9464</c>), for the tests and the start-up
    /// log.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder
            .WebHost.UseKestrelCore()
            .ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(IPAddress.Parse(options.Address), options.Port);
            });
        var app = builder.Build();
        app.Use(
            (context, next) =>
            {
                if (context.Features.Get<IHttpMetricsTagsFeature>() is { } tags)
                {
                    tags.MetricsDisabled = true;
                }

                return next(context);
            }
        );
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
            ListenFailed(logger, ex, options.Address, options.Port);
            await app.DisposeAsync();
            return;
        }

        _app = app;
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        Address = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        Listening(logger, Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics are served at {Address}metrics.")]
    private static partial void Listening(ILogger logger, Uri address);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "Metrics cannot listen on {Address}:{Port}; /metrics is not served (Mak:Metrics:Port)."
    )]
    private static partial void ListenFailed(ILogger logger, Exception exception, string address, int port);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
