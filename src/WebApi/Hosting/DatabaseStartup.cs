using MakCrm.Infrastructure.DemoData;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Hosting;

/// <summary>
/// Checks that a database is configured, then migrates and seeds it when configured, before any hosted service
/// starts — in particular before the server listens, so that no request ever meets an old schema. A failure stops
/// the host: better no API than a broken one.
/// </summary>
internal sealed class DatabaseStartup(
    IServiceProvider services,
    IServiceScopeFactory scopes,
    IOptions<MakOptions> options
) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = DatabaseConnection.FromConfiguration(services);
        // Fails here, not at the first sign-in, without a key-encryption key.
        _ = services.GetRequiredService<SigningKeyRing>();
        if (!options.Value.MigrateOnStartup && !options.Value.SeedDemoData && options.Value.BootstrapAdminEmail is null)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        if (options.Value.MigrateOnStartup)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        if (
            options.Value.BootstrapAdminEmail is { Length: > 0 } email
            && options.Value.BootstrapAdminPassword is { Length: > 0 } password
        )
        {
            await scope.ServiceProvider.GetRequiredService<BootstrapAdmin>().EnsureAsync(email, password);
        }

        if (options.Value.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
