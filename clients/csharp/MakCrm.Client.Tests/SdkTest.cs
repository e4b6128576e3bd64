using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>
/// A test class that talks to the real API through the SDK: one server and database per class, emptied before
/// every test. <see cref="Api"/> signs in as <see cref="TestActor.Admin"/> (every permission, every organization).
/// <see cref="Http"/> is the same connection, for the few requests the SDK cannot make (raw bodies, a missing
/// If-Match).
/// </summary>
public abstract class SdkTest(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IAsyncLifetime
{
    protected ApiServerFixture Server { get; } = server;

    protected HttpClient Http { get; private set; } = null!;

    protected IMakCrmApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.ResetDatabaseAsync();
        Http = await Server.CreateHttpClientAsync(TestActor.Admin);
        Api = new MakCrmApiClient(Http);
    }

    public virtual Task DisposeAsync()
    {
        Http?.Dispose();
        return Task.CompletedTask;
    }
}
