using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>
/// A test class that talks to the real API through the SDK: a pooled server and database
/// (<see cref="ApiServerFixture"/>), emptied before every test. <see cref="Api"/> signs in as
/// <see cref="TestActor.Admin"/> (every permission, every organization).
/// <see cref="Http"/> is the same connection, for the few requests the SDK cannot make (raw bodies, a missing
/// If-Match). What a test creates with <see cref="Track{T}"/> is disposed after it.
/// </summary>
public abstract class SdkTest(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IAsyncLifetime
{
    private readonly List<IDisposable> _disposables = [];

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
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            disposable.Dispose();
        }

        Http?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>An SDK client without an access token (the anonymous operations, or to see a 401).</summary>
    protected MakCrmApiClient Anonymous() => new(Track(Server.CreateHttpClient()));

    /// <summary>Disposes <paramref name="disposable"/> after the test, before the base connection.</summary>
    protected T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }
}
