using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Hosting;

/// <summary>
/// The first step of a stop. The host tells every lifecycle service it is stopping before it stops any of them, and
/// stops the server before the workers (they started before it): so on SIGTERM this readiness check fails at once,
/// the server goes on serving for <see cref="ShutdownOptions.ReadinessDelay"/> while a balancer notices, then the
/// live streams are ended (<see cref="StreamsEnding"/>; their clients reconnect, through the balancer to another
/// instance, with their <c>Last-Event-ID</c>), the server stops accepting and waits for the requests in flight, and
/// the workers stop last, giving their leases back. All of it within <see cref="ShutdownOptions.Timeout"/>.
/// </summary>
internal sealed partial class GracefulShutdown(IOptions<ShutdownOptions> options, ILogger<GracefulShutdown> logger)
    : IHostedLifecycleService,
        IHealthCheck,
        IDisposable
{
    public const string HealthCheckName = "accepting";

    private readonly CancellationTokenSource _streamsEnding = new();
    private volatile bool _stopping;

    /// <summary>Cancelled when the live streams should end: after the readiness delay of a stop.</summary>
    public CancellationToken StreamsEnding => _streamsEnding.Token;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var delay = options.Value.ReadinessDelay;
        LogStopping(logger, delay.TotalSeconds);
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out during the delay: drain at once with what is left.
        }
        finally
        {
            await _streamsEnding.CancelAsync();
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    ) =>
        Task.FromResult(
            _stopping ? HealthCheckResult.Unhealthy("The instance is stopping.") : HealthCheckResult.Healthy()
        );

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _streamsEnding.Dispose();

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Stopping: not ready from now on; serving for {Seconds} s more before draining."
    )]
    private static partial void LogStopping(ILogger logger, double seconds);
}

internal static class GracefulShutdownRegistration
{
    /// <summary>
    /// The stop's settings (<see cref="ShutdownOptions"/>), the host's shutdown timeout from them, and
    /// <see cref="GracefulShutdown"/> as a lifecycle service and a readiness check.
    /// </summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ShutdownOptions>(configuration.GetSection(ShutdownOptions.Section));
        services
            .AddOptions<HostOptions>()
            .Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddSingleton<GracefulShutdown>();
        services.AddHostedService(provider => provider.GetRequiredService<GracefulShutdown>());
        services
            .AddHealthChecks()
            .AddCheck<GracefulShutdown>(
                GracefulShutdown.HealthCheckName,
                tags: [Infrastructure.DependencyInjection.ReadinessTag]
            );
        return services;
    }
}
