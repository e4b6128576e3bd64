namespace MakCrm.WebApi.Observability;

/// <summary>The metrics endpoint (<c>Mak:Metrics</c>): Prometheus text at <c>/metrics</c> on a port of its
/// own.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Mak:Metrics";

    /// <summary>Collect metrics and serve them (on by default).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The port <c>/metrics</c> listens on, apart from the API's: the public balancer forwards the API's port only, so
    /// metrics are reachable from the internal network (Prometheus) and never through the public API. 0 takes a free
    /// one.
    /// </summary>
    public int Port { get; init; } = 9464;

    /// <summary>The address it binds (all interfaces by default, as in a container; <c>./mak run</c> binds
    /// 127.0.0.1).</summary>
    public string Address { get; init; } = "0.0.0.0";
}

/// <summary>Error tracking (<c>Mak:Sentry</c>): on when a DSN is set.</summary>
public sealed class ErrorTrackingOptions
{
    public const string Section = "Mak:Sentry";

    /// <summary>The project's DSN at Sentry or a Sentry-compatible server (GlitchTip); also read from
    /// <c>SENTRY_DSN</c>.</summary>
    public string? Dsn { get; init; }

    /// <summary>The release events name (default <c>mak-crm-api@</c> and the assembly's informational
    /// version).</summary>
    public string? Release { get; init; }

    /// <summary>The environment events name (default: the host's environment name).</summary>
    public string? Environment { get; init; }
}
