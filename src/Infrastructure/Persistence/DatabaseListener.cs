using System.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// Keeps one connection that LISTENs on <see cref="Channels"/> and hands each notification to
/// <see cref="OnNotification"/>. A notification arrives when the transaction that sent it commits. While the connection
/// is down — not yet opened, lost, or the database unreachable — <see cref="OnListening"/> is told so, and the listener
/// tries again every few seconds; a silent connection is checked every <see cref="Heartbeat"/>, so a dead one is
/// noticed and replaced.
/// </summary>
public abstract partial class DatabaseListener(NpgsqlDataSource dataSource, TimeProvider clock, ILogger logger)
    : BackgroundService
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>The channels, as PostgreSQL identifiers.</summary>
    protected abstract IReadOnlyList<string> Channels { get; }

    /// <summary>The connection's application_name, so that an operator can find the listener in
    /// pg_stat_activity.</summary>
    protected abstract string ApplicationName { get; }

    /// <summary>Told <c>true</c> once every notification is heard, <c>false</c> when that stops being so.</summary>
    protected virtual void OnListening(bool listening) { }

    protected abstract void OnNotification(string channel, string payload);

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
                    ListenerFailed(logger, ex, ApplicationName, RetryAfter.TotalSeconds);
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
        connection.Notification += Notified;
        try
        {
            var listen = string.Join("; ", Channels.Select(c => $"LISTEN {c}"));
            await using (
                var command = new NpgsqlCommand($"SET application_name = '{ApplicationName}'; {listen}", connection)
            )
            {
                await command.ExecuteNonQueryAsync(stoppingToken);
            }

            // Only from here on is every notification heard.
            OnListening(true);
            Listening(logger, ApplicationName, string.Join(", ", Channels));
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
            OnListening(false);
            connection.Notification -= Notified;
            if (connection.State == ConnectionState.Open)
            {
                await UnlistenAsync(connection);
            }
        }
    }

    private void Notified(object sender, NpgsqlNotificationEventArgs e) => OnNotification(e.Channel, e.Payload);

    // The connection goes back to the shared pool, which does not reset connections (DatabaseDataSource).
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *; RESET application_name", connection)
            {
                CommandTimeout = 5,
            };
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The connection broke on the way: the pool discards it, LISTEN and all.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Listener} is listening on {Channels}.")]
    private static partial void Listening(ILogger logger, string listener, string channels);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Listener} lost its connection; it tries again in {Seconds} s."
    )]
    private static partial void ListenerFailed(ILogger logger, Exception exception, string listener, double seconds);
}
