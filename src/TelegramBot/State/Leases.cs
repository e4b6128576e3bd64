namespace MakCrm.TelegramBot.State;

/// <summary>
/// Singleton jobs among instances: a lease row taken by one conditional upsert (free, expired, or already ours) and
/// renewed by the holder; another instance's attempt returns false and it waits.
/// </summary>
public sealed class Leases(BotDatabase database, BotOptions options, TimeProvider clock)
{
    public const string Poller = "poller";
    public const string Sender = "sender";
    public const string EventFollower = "event_follower";

    /// <summary>Takes or renews <paramref name="name"/> for <see cref="BotOptions.LeaseDuration"/>; true when this
    /// instance holds it.</summary>
    public async Task<bool> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var table = database.Table("leases");
        await using var command = database.DataSource.CreateCommand(
            $"""
            INSERT INTO {table} AS l (name, holder, expires_at) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE l.holder = excluded.holder OR l.expires_at < $4
            RETURNING holder
            """
        );
        var now = clock.GetUtcNow();
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(options.InstanceId);
        command.Parameters.AddWithValue(now + options.LeaseDuration);
        command.Parameters.AddWithValue(now);
        return await command.ExecuteScalarAsync(cancellationToken) is string;
    }

    /// <summary>Gives up <paramref name="name"/> (on shutdown), so another instance takes over at once.</summary>
    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"DELETE FROM {database.Table("leases")} WHERE name = $1 AND holder = $2"
        );
        command.Parameters.AddWithValue(name);
        command.Parameters.AddWithValue(options.InstanceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
