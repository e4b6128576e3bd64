using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MakCrm.WebApi.Http;

/// <summary>Settings of the balancer in front (<c>Mak:ForwardedHeaders</c>).</summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "Mak:ForwardedHeaders";

    /// <summary>
    /// The instance runs behind a balancer or reverse proxy that sets <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c>. Off: those headers are ignored, and the client's address is the connection's.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The balancers' addresses (none: loopback, a balancer on the same machine).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of balancers in CIDR notation (e.g. <c>10.0.0.0/8</c> for a container network).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// The client's address behind a balancer: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only when
/// the connection comes from a configured balancer, and only their last entry, the one that balancer appended. So the
/// per-address limits and the addresses the audit and the sessions record are the client's, and a client that sends
/// its own <c>X-Forwarded-For</c> changes nothing: the balancer appends the address it saw after it.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TrustedProxyOptions.Section).Get<TrustedProxyOptions>() ?? new();
        services.Configure<TrustedProxyOptions>(configuration.GetSection(TrustedProxyOptions.Section));
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            if (!settings.Enabled)
            {
                return;
            }

            if (settings.KnownProxies.Count == 0 && settings.KnownNetworks.Count == 0)
            {
                o.KnownProxies.Add(IPAddress.Loopback);
                o.KnownProxies.Add(IPAddress.IPv6Loopback);
            }

            foreach (var proxy in settings.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it (the access log too) sees the client's
    /// address; nothing at all without a balancer.</summary>
    public static IApplicationBuilder UseTrustedProxies(this WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TrustedProxyOptions>>().Value.Enabled
            ? app.UseForwardedHeaders()
            : app;
}
