using System.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// Listens on <see cref="Channel"/>, which the database's triggers notify when a change may take a user's access away
/// (migration <c>UserStandingNotifications</c>), and makes <see cref="UserStandings"/> forget what it remembered. While
/// the connection is down — not yet opened, lost, or the database unreachable — <see cref="UserStandings"/> remembers
/// nothing, and the listener tries again every few seconds. A notification is delivered when the change commits; a
/// silent connection is checked every <see cref="Heartbeat"/>, so a dead one is noticed and replaced.
/// </summary>
public sealed partial class UserStandingChanges(NpgsqlDataSource dataSource, UserStandings standings, TimeProvider clock, ILogger<UserStandingChanges> logger)
    : BackgroundService
{
    public const string Channel = "mak_user_standing";
    public const string ApplicationName = "mak-user-standing-listener";
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await ListenAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    ListenerFailed(logger, ex, RetryAfter.TotalSeconds);
                }

                await Task.Delay(RetryAfter, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += OnNotification;
        try
        {
            // Named, so that an operator can find the listener in pg_stat_activity.
            await using (var listen = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; LISTEN {Channel}", connection))
            {
                await listen.ExecuteNonQueryAsync(stoppingToken);
            }

            // Only from here on is every change heard; what was read before may be stale.
            standings.Trust(listening: true);
            Listening(logger, Channel);
            while (true)
            {
                if (!await connection.WaitAsync(Heartbeat, stoppingToken))
                {
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
            }
        }
        finally
        {
            standings.Trust(listening: false);
            connection.Notification -= OnNotification;
            if (connection.State == ConnectionState.Open)
            {
                await UnlistenAsync(connection);
            }
        }
    }

    // The connection goes back to the shared pool, which does not reset connections (DatabaseDataSource).
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *; RESET application_name", connection) { CommandTimeout = 5 };
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The connection broke on the way: the pool discards it, LISTEN and all.
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e) => standings.Forget();

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for user standing changes on {Channel}; standings are remembered between them.")]
    private static partial void Listening(ILogger logger, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The user standing listener lost its connection; every request reads the database until it is back (retry in {Seconds} s).")]
    private static partial void ListenerFailed(ILogger logger, Exception exception, double seconds);
}
