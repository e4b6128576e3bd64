using System.Text.Json;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// A baseline endpoint in a process of its own, as the API is: this program started again with a command word, with
/// the API's runtime settings (<see cref="ServerProcess.DeploymentRuntime"/>, and this project's runtimeconfig mirrors
/// the API's), so that the two sides of a comparison differ in the code around the database work and not in how their
/// processes share the machine with the load generator. What the endpoint needs (tokens) reaches it as JSON on its
/// standard input, never in a file or on its command line.
/// </summary>
internal static class BaselineProcess
{
    private const string DatabaseVariable = "MAK_BASELINE_DB";
    private const string ReadyPath = "/baseline/ready";

    public static Task<ServerProcess> StartAsync<TInput>(
        BenchOptions options, string name, string command, string databaseConnection, TInput input, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(ServerProcess.DeploymentRuntime) { [DatabaseVariable] = databaseConnection };
        var logPath = Path.GetFullPath(Path.Combine(options.ResultsDirectory, $"{command}.log"));
        return ServerProcess.StartAsync(
            name, ServerProcess.FreeLoopbackUrl(), typeof(BaselineProcess).Assembly.Location, [command], environment, logPath, ReadyPath,
            JsonSerializer.Serialize(input), cancellationToken);
    }

    /// <summary>
    /// The baseline's process: adds what its endpoint needs to the services (<paramref name="services"/>, optional),
    /// maps its endpoint with <paramref name="map"/> and serves until SIGTERM.
    /// </summary>
    public static async Task<int> ServeAsync<TInput>(
        string[] args,
        Func<NpgsqlDataSource, TInput, WebApplication, Task> map,
        Action<IServiceCollection>? services = null)
    {
        var databaseConnection = Environment.GetEnvironmentVariable(DatabaseVariable)
            ?? throw new InvalidOperationException($"{DatabaseVariable} names the baseline's database.");
        var input = JsonSerializer.Deserialize<TInput>(await Console.In.ReadToEndAsync())
            ?? throw new InvalidOperationException("The baseline's input comes as JSON on standard input.");
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        // The API's own driver settings (automatic preparation, no reset on close): the sides differ in the code around
        // the database work, not in how the driver talks to PostgreSQL.
        var dataSource = MakCrm.Infrastructure.Persistence.DatabaseDataSource.Create(databaseConnection);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        await map(dataSource, input, app);
        app.MapGet(ReadyPath, () => Results.Ok());
        app.Lifetime.ApplicationStopped.Register(dataSource.Dispose);
        await app.RunAsync();
        return 0;
    }
}
