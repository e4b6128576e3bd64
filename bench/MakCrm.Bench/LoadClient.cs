using System.Net;

namespace MakCrm.Bench;

/// <summary>
/// The HTTP client of one side's load: as many connections as requests in flight, kept between slices, no
/// decompression or cookies to spend the load generator's CPU on.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private readonly SocketsHttpHandler _handler = new()
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    };

    public LoadClient(Uri baseUrl) => Http = new HttpClient(_handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public HttpClient Http { get; }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }
}
