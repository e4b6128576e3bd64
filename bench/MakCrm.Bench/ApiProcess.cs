using System.Diagnostics;
using System.Security.Cryptography;

namespace MakCrm.Bench;

/// <summary>
/// The real API (the Release MakCrm.WebApi.dll) as a <see cref="ServerProcess"/> on its own fresh database, with the
/// rate limits lifted and a bootstrap administrator — the way clients/typescript/test/global-setup.ts starts it.
/// </summary>
internal static class ApiProcess
{
    public const string AdminEmail = "admin@bench.test";
    public const string AdminPassword = "Bench-Admin-Password-2026";

    /// <param name="settings">Configuration a benchmark needs on top of the production's (e.g. loopback webhook targets), before MAK_BENCH_API_ENV.</param>
    public static async Task<ServerProcess> StartAsync(
        BenchOptions options, string database, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var baseUrl = ServerProcess.FreeLoopbackUrl();
        var environment = new Dictionary<string, string>(ServerProcess.DeploymentRuntime)
        {
            ["MAK_DB"] = Databases.For(options.ServerConnection, database),
            ["Mak__SeedDemoData"] = "false",
            ["MAK_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Mak__Tokens__Issuer"] = baseUrl.ToString().TrimEnd('/'),
            // One sign-in must last the whole run (a million-row import takes minutes on a loaded machine).
            ["Mak__Tokens__AccessTokenLifetime"] = "04:00:00",
            ["Mak__BootstrapAdminEmail"] = AdminEmail,
            ["Mak__BootstrapAdminPassword"] = AdminPassword,
            // The rate limits protect production from one caller; here one caller is the whole load.
            ["Mak__RateLimits__ApiRequestsPerMinute"] = "1000000000",
            ["Mak__RateLimits__TokenRequestsPerMinute"] = "100000",
            ["Mak__RateLimits__SignInsPerUsernamePerMinute"] = "100000",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        // Experiments on the API alone (bench/README.md): MAK_BENCH_API_ENV="NAME=value;NAME=value" reaches only its process.
        foreach (var pair in (Environment.GetEnvironmentVariable("MAK_BENCH_API_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals < 1)
            {
                throw new ArgumentException($"MAK_BENCH_API_ENV: '{pair}' is not NAME=value.");
            }

            environment[pair[..equals]] = pair[(equals + 1)..];
        }

        var logPath = Path.GetFullPath(Path.Combine(options.ResultsDirectory, $"{database}.api.log"));
        await MigrateAsync(options.ApiDll, environment, logPath, cancellationToken);
        return await ServerProcess.StartAsync("API", baseUrl, options.ApiDll, [], environment, logPath, "/health/ready", input: null, cancellationToken);
    }

    /// <summary>
    /// Migrates the database as production does (docker-compose's one-shot <c>migrate</c> service): <c>--migrate</c> in a
    /// process of its own, before the API starts. Applying the migrations builds every migration's model, a hundred
    /// megabytes and more that the process keeps; in the API's own process they would count in its peak memory.
    /// </summary>
    private static async Task MigrateAsync(string dll, IReadOnlyDictionary<string, string> environment, string logPath, CancellationToken cancellationToken)
    {
        var migrateLog = Path.ChangeExtension(logPath, ".migrate.log");
        using var process = Process.Start(ServerProcess.Dotnet(dll, ["--migrate"], environment, migrateLog))
            ?? throw new InvalidOperationException("Could not start dotnet.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Migrating the API's database failed with code {process.ExitCode}; see {migrateLog}.");
        }
    }
}
