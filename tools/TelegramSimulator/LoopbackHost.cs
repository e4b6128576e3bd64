using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.TelegramSimulator;

/// <summary>Starts a fake's endpoints as a small app on 127.0.0.1 (a free port unless one is given), without
/// logging.</summary>
internal static class LoopbackHost
{
    /// <summary>The started app and its base address (ending in <c>/</c>); the caller disposes the app.</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(int port, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address + "/"));
    }
}
