namespace MakCrm.WebApi.Hosting;

/// <summary>Settings of a stopping instance (<c>Mak:Shutdown</c>; environment:
/// <c>Mak__Shutdown__Timeout</c>).</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Mak:Shutdown";

    /// <summary>
    /// The whole stop, from SIGTERM to exit: the readiness delay, the requests and streams drained, the workers stopped
    /// (the host's <c>ShutdownTimeout</c>). What is still running then is cut off. Keep it below the orchestrator's
    /// grace period (Kubernetes: 30 s, docker stop: 10 s unless <c>stop_grace_period</c> says more).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the instance goes on serving after SIGTERM with its readiness failing, so that a balancer takes it out
    /// before it stops accepting connections: at least the balancer's check interval times the failures it waits for
    /// (none without a balancer).
    /// </summary>
    public TimeSpan ReadinessDelay { get; set; } = TimeSpan.Zero;
}
