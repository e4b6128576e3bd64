using System.Diagnostics;
using System.Reflection;
using MakCrm.Application.Behaviours;
using MakCrm.Infrastructure.Observability;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MakCrm.WebApi.Observability;

/// <summary>
/// Metrics, traces and error tracking, each turned on by configuration (README, Operations; ADR 0036). The instruments
/// are System.Diagnostics.Metrics' (ASP.NET Core's, Kestrel's, the runtime's, Npgsql's, HttpClient's and the
/// product's own, <see cref="MakMetrics"/>); the OpenTelemetry SDK aggregates them in memory and the Prometheus
/// exporter
/// writes them when scraped. Traces are off unless an OTLP endpoint is configured.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "mak-crm-api";

    /// <summary>The meters exported: requests (per route template and status), connections, exceptions, the runtime,
    /// the pool, outgoing calls, the product.</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Runtime",
        "Npgsql",
        "System.Net.Http",
        MakMetrics.MeterName,
    ];

    /// <summary>
    /// Gauges whose standard names end in <c>.count</c>, which Prometheus reserves for a histogram's or summary's
    /// count (<c>promtool check metrics</c> refuses them): exported under these names instead.
    /// </summary>
    private static readonly (string Instrument, string Name)[] Renamed =
    [
        ("db.client.connection.count", "db.client.connections"),
        ("dotnet.assembly.count", "dotnet.assemblies"),
        ("dotnet.process.cpu.count", "dotnet.process.cpus"),
        ("dotnet.timer.count", "dotnet.timers"),
    ];

    /// <summary>The sources traced: the request (ASP.NET Core), the handler (<see cref="HandlerTracing"/>), SQL
    /// (Npgsql), outgoing HTTP.</summary>
    public static readonly string[] TraceSources = [HandlerTracing.SourceName, "Npgsql", "System.Net.Http"];

    /// <summary>The application's version: the assembly's informational version (with the commit where the build knew
    /// it).</summary>
    public static string Version { get; } =
        typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var metrics = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        builder.Services.AddSingleton(metrics);
        var tracing = TracingEnabled(configuration);
        if (!metrics.Enabled && !tracing)
        {
            return builder;
        }

        var telemetry = builder
            .Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: Version));
        if (metrics.Enabled)
        {
            telemetry.WithMetrics(meters =>
            {
                meters.AddMeter(Meters).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                foreach (var (instrument, name) in Renamed)
                {
                    meters.AddView(instrument, name);
                }
            });
            builder.Services.AddHostedService<BacklogSampler>();
            builder.Services.AddHostedService<MetricsServer>();
        }

        if (tracing)
        {
            // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL (grpc or http/protobuf) and
            // OTEL_EXPORTER_OTLP_HEADERS itself; Mak:Tracing:SampleRatio keeps a share of the traces that start here.
            var ratio = configuration.GetValue("Mak:Tracing:SampleRatio", 1.0);
            telemetry.WithTracing(traces =>
                traces
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        o.Filter = http => !http.Request.Path.StartsWithSegments("/health");
                        // A path that carries a secret is recorded as its route's template (SecretInPath).
                        o.EnrichWithHttpRequest = (activity, request) =>
                            activity.SetTag("url.path", SecretInPath.Redact(request.Path.Value ?? ""));
                    })
                    .AddSource(TraceSources)
                    .AddOtlpExporter()
            );
        }

        return builder;
    }

    /// <summary>Traces are sent where OpenTelemetry's own setting says: an OTLP endpoint for traces, or for all
    /// signals.</summary>
    public static bool TracingEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
        || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>The W3C trace id of the current request's activity, when there is one.</summary>
    public static string? CurrentTraceId() => Activity.Current is { } activity ? activity.TraceId.ToHexString() : null;
}
