using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.Testing;

/// <summary>A small Kestrel app on a free port of 127.0.0.1, without logging: a receiver a test points the API
/// at.</summary>
public static class LoopbackApp
{
    /// <summary>Starts an app with the endpoints <paramref name="map"/> adds; the caller disposes it.</summary>
    public static (WebApplication App, int Port) Start(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        app.StartAsync().GetAwaiter().GetResult();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return (app, new Uri(address).Port);
    }
}
