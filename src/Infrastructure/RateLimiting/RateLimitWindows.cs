using System.Security.Cryptography;
using System.Text;
using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.RateLimiting;

/// <summary>Settings of the limits' shared windows (<c>Mak:RateLimits</c>; the quotas are read by the API).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Mak:RateLimits";

    /// <summary>Off: this instance deletes no ended windows (others on the same database still may).</summary>
    public bool PurgeEnabled { get; set; } = true;

    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many ended windows are deleted in one statement.</summary>
    public int PurgeBatchSize { get; set; } = 5000;
}

/// <summary>What one lease found in a key's shared window: the requests counted in it after the lease (the lease's
/// block included, so it may pass the quota) and how long the window still runs by the database's clock.</summary>
public readonly record struct RateLimitLease(int Used, TimeSpan EndsIn);

/// <summary>
/// The windows of the request limits, shared by every instance of the API (table <c>rate_limit_windows</c>): a key's
/// row counts the requests leased from its quota in the current fixed window. An instance leases a block of requests in
/// one upsert and spends it in memory, so the database sees one statement per block, not one per request; the row's
/// lock serialises the instances, and the database's clock is the only one that starts and ends a window. Keys are
/// stored as a SHA-256 of the policy and the key, never as the address or username they name.
/// </summary>
[Singleton]
public sealed class RateLimitWindows(NpgsqlDataSource dataSource)
{
    // Every SET expression reads the row as it was, so both see the same ended or running window.
    private const string LeaseBlock = """
        INSERT INTO rate_limit_windows AS w (key, ends_at, used) VALUES ($1, statement_timestamp() + $2, $3)
        ON CONFLICT (key) DO UPDATE SET
            used = CASE WHEN w.ends_at <= statement_timestamp() THEN $3 ELSE w.used + $3 END,
            ends_at = CASE WHEN w.ends_at <= statement_timestamp() THEN statement_timestamp() + $2 ELSE w.ends_at END
        RETURNING w.used, w.ends_at - statement_timestamp()
        """;

    private const string PurgeEnded = """
        DELETE FROM rate_limit_windows
        WHERE key = ANY(ARRAY(SELECT key FROM rate_limit_windows WHERE ends_at <= statement_timestamp()
                              LIMIT $1 FOR UPDATE SKIP LOCKED))
        """;

    /// <summary>Counts <paramref name="block"/> requests in the key's window (a new one of <paramref name="window"/>
    /// when none runs) and answers what the window holds after them.</summary>
    public async Task<RateLimitLease> LeaseAsync(
        string policy,
        string key,
        TimeSpan window,
        int block,
        CancellationToken cancellationToken
    )
    {
        await using var command = dataSource.CreateCommand(LeaseBlock);
        command.Parameters.Add(SqlParameters.Bytea(SHA256.HashData(Encoding.UTF8.GetBytes(policy + "|" + key))));
        command.Parameters.Add(SqlParameters.Interval(window));
        command.Parameters.Add(SqlParameters.Integer(block));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RateLimitLease(
            await reader.GetFieldValueAsync<int>(0, cancellationToken),
            await reader.GetFieldValueAsync<TimeSpan>(1, cancellationToken)
        );
    }

    /// <summary>Deletes up to <paramref name="batchSize"/> windows that have ended.</summary>
    public async Task<int> PurgeEndedAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(PurgeEnded);
        command.Parameters.Add(SqlParameters.Integer(batchSize));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The row of one key's shared window (table <c>rate_limit_windows</c>).</summary>
internal sealed class RateLimitWindowRow
{
    public byte[] Key { get; private set; } = [];

    public DateTimeOffset EndsAt { get; private set; }

    public int Used { get; private set; }
}

/// <summary>Every purge interval, deletes the shared windows that have ended, a batch at a time.</summary>
internal sealed class RateLimitWindowPurgeWorker(
    IServiceScopeFactory scopes,
    IOptions<RateLimitOptions> options,
    TimeProvider clock,
    ILogger<RateLimitWindowPurgeWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Purging ended rate-limit windows";

    protected override string EnabledSetting => "Mak:RateLimits:PurgeEnabled";

    protected override bool Enabled => options.Value.PurgeEnabled;

    protected override TimeSpan Interval => options.Value.PurgeInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var batch = options.Value.PurgeBatchSize;
        var purged = await services.GetRequiredService<RateLimitWindows>().PurgeEndedAsync(batch, cancellationToken);
        return (purged, purged >= batch);
    }
}
