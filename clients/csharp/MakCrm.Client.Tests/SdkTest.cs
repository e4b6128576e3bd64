using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>
/// A test class that talks to the real API through the SDK: one server and database per class, emptied before
/// every test. <see cref="Http"/> is the same connection, for the few requests the SDK cannot make (raw bodies,
/// a missing If-Match).
/// </summary>
public abstract class SdkTest : IClassFixture<ApiServerFixture>, IAsyncLifetime
{
    private readonly ApiServerFixture _server;

    protected SdkTest(ApiServerFixture server)
    {
        _server = server;
        Http = server.CreateHttpClient();
        Api = new MakCrmApiClient(Http);
    }

    protected HttpClient Http { get; }

    protected IMakCrmApiClient Api { get; }

    public Task InitializeAsync() => _server.ResetDatabaseAsync();

    public Task DisposeAsync()
    {
        Http.Dispose();
        return Task.CompletedTask;
    }
}
