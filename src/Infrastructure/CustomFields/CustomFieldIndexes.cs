using System.Security.Cryptography;
using System.Text;
using MakCrm.Infrastructure.Background;
using MakCrm.Infrastructure.Persistence.RawSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MakCrm.Infrastructure.CustomFields;

/// <summary>Settings under <c>Mak:CustomFields</c>.</summary>
public sealed class CustomFieldOptions
{
    public const string Section = "Mak:CustomFields";

    /// <summary>Whether this instance builds and drops the sortable fields' indexes (any number may; one at a
    /// time does).</summary>
    public bool IndexesEnabled { get; set; } = true;

    /// <summary>How soon a field made sortable gets its index, at most (plus the build's own time).</summary>
    public TimeSpan IndexInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Keeps one btree index per sortable custom field (<c>(custom_field_value(custom_fields, 'key'), id)</c> over the
/// entity's live rows, the expression <see cref="CustomFieldQueries"/> sorts and bounds by), and none for a field that
/// is not sortable or is deleted. A definition is changed by an API call, in its transaction; the index follows here,
/// built and dropped <c>CONCURRENTLY</c> (which cannot run in a transaction, and does not block writers of a large
/// table), by one instance at a time (a session advisory lock), and the table analyzed after a build so that the
/// planner has the expression's statistics. An index left invalid by a build that failed or whose instance died is
/// dropped and built again.
/// </summary>
[Singleton]
public sealed class CustomFieldIndexes(NpgsqlDataSource dataSource)
{
    /// <summary>The prefix of the indexes this class owns; nothing else is named so.</summary>
    public const string Prefix = "ix_cf_";

    private const string LockKey = "'custom_field_indexes'";

    private const string Wanted = """
        SELECT entity, key FROM custom_field_definitions WHERE deleted_at IS NULL AND sortable
        """;

    private const string Present = """
        SELECT c.relname, i.indisvalid
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relname LIKE 'ix\_cf\_%'
        """;

    private static readonly Dictionary<string, string> Tables = new(StringComparer.Ordinal)
    {
        ["client"] = "clients",
        ["lead"] = "leads",
        ["deal"] = "deals",
    };

    /// <summary>Builds the missing indexes and drops the unwanted ones; how many it built or dropped, or none when
    /// another instance is at it.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, $"SELECT {AdvisoryLocks.TrySession(LockKey)}", cancellationToken))
        {
            return 0;
        }

        try
        {
            var wanted = new Dictionary<string, (string Table, string Key)>(StringComparer.Ordinal);
            await using (var reader = await Command(connection, Wanted).ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (table, key) = (Tables[reader.GetString(0)], reader.GetString(1));
                    wanted[NameOf(table, key)] = (table, key);
                }
            }

            var present = new Dictionary<string, bool>(StringComparer.Ordinal);
            await using (var reader = await Command(connection, Present).ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    present[reader.GetString(0)] = reader.GetBoolean(1);
                }
            }

            var changed = 0;
            foreach (var (name, valid) in present.Where(p => !p.Value || !wanted.ContainsKey(p.Key)))
            {
                await ExecuteAsync(connection, $"DROP INDEX CONCURRENTLY IF EXISTS \"{name}\"", cancellationToken);
                present.Remove(name);
                changed += valid ? 1 : 0;
            }

            var built = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, (table, key)) in wanted.Where(w => !present.ContainsKey(w.Key)))
            {
                await ExecuteAsync(
                    connection,
                    $"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"{name}\" ON {table} "
                        + $"({CustomFieldQueries.ValueFunction}(custom_fields, '{key}'), id) WHERE deleted_at IS NULL",
                    cancellationToken
                );
                built.Add(table);
                changed++;
            }

            // The planner estimates a bound from the statistics of the index's expression, which ANALYZE gathers:
            // until then it would guess, and may sort the whole range instead of reading the index in order.
            foreach (var table in built)
            {
                await ExecuteAsync(connection, $"ANALYZE {table}", cancellationToken);
            }

            return changed;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT {AdvisoryLocks.SessionUnlock(LockKey)}", CancellationToken.None);
        }
    }

    /// <summary>The index's name: <c>ix_cf_&lt;table&gt;_&lt;key&gt;</c>, or its first 54 characters and a hash of the
    /// whole when that is longer than PostgreSQL's 63.</summary>
    public static string NameOf(string table, string key)
    {
        var name = $"{Prefix}{table}_{key}";
        if (name.Length <= 63)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..54]}_{hash}";
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql) => new(sql, connection);

    private static async Task<T> ScalarAsync<T>(
        NpgsqlConnection connection,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var command = Command(connection, sql);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // A build over a large table takes as long as it takes; the round is not cut short by the command timeout.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Every interval, brings the sortable fields' indexes in line with the definitions
/// (<see cref="CustomFieldIndexes"/>).</summary>
internal sealed class CustomFieldIndexWorker(
    IServiceScopeFactory scopes,
    IOptions<CustomFieldOptions> options,
    TimeProvider clock,
    ILogger<CustomFieldIndexWorker> logger
) : PollingWorker(scopes, clock, logger)
{
    protected override string Work => "Building and dropping the sortable custom fields' indexes";

    protected override string EnabledSetting => "Mak:CustomFields:IndexesEnabled";

    protected override bool Enabled => options.Value.IndexesEnabled;

    protected override TimeSpan Interval => options.Value.IndexInterval;

    protected override async Task<(int Handled, bool More)> RunRoundAsync(
        IServiceProvider services,
        CancellationToken cancellationToken
    ) => (await services.GetRequiredService<CustomFieldIndexes>().ReconcileAsync(cancellationToken), false);
}
