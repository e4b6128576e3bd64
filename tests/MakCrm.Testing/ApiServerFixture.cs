using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace MakCrm.Testing;

/// <summary>
/// An xUnit class fixture: the real API, with its whole middleware pipeline, on Kestrel at http://127.0.0.1:&lt;free
/// port&gt;, over a PostgreSQL database of its own. Call <see cref="ResetDatabaseAsync"/> before each test.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The server has not started.");

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new ApiFactory(_database.ConnectionString);
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    public Task ResetDatabaseAsync() => _database!.ResetAsync();

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private sealed class ApiFactory(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("MAK_DB", connectionString);
            builder.UseSetting("Mak:MigrateOnStartup", "false");
            builder.UseSetting("Mak:SeedDemoData", "false");
            builder.UseSetting("Mak:ExposeRuntimeOpenApi", "true");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Warning");
        }
    }
}
