using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// The one pool of PostgreSQL connections of the process, shared by EF Core and the raw-Npgsql paths (imports, bids),
/// with two driver settings the API's workload needs unless the connection string sets them itself:
/// <list type="bullet">
/// <item><c>Max Auto Prepare</c>: a statement run a second time on a physical connection is prepared there, so
/// PostgreSQL
/// parses and plans it once per connection instead of once per call. Every request runs the same few dozen statements
/// (the authentication check, the intake's lookups, the inserts); planning them cost PostgreSQL as much time as running
/// them (pg_stat_statements, bench/LOG.md). After five runs PostgreSQL may keep a generic plan for a statement on that
/// connection until the table's statistics change (an ANALYZE, by autovacuum or by hand, replans it); a bulk load that
/// outgrows its tables faster than autovacuum visits asks for custom plans itself (<c>ImportRunner</c>).</item>
/// <item><c>No Reset On Close</c>: a connection returned to the pool is not reset with <c>DISCARD ALL</c> before its
/// next
/// use — one statement fewer per lease. Nothing here leaves session state behind: advisory locks and
/// <c>set_config</c> are transaction-scoped, there are no temporary tables or session <c>SET</c>s (only <c>SET
/// LOCAL</c>),
/// and the one <c>LISTEN</c> (<c>UserStandingChanges</c>, with the session's <c>application_name</c>) is undone before
/// its
/// connection goes back.</item>
/// </list>
/// </summary>
public static class DatabaseDataSource
{
    public const int MaxAutoPrepare = 256;

    /// <summary>The pool's name in Npgsql's metrics (<c>db_client_connection_pool_name</c>), instead of its connection
    /// string.</summary>
    public const string PoolName = "mak";

    public static NpgsqlDataSource Create(string connectionString) =>
        new NpgsqlDataSourceBuilder(WithDefaults(connectionString)) { Name = PoolName }.Build();

    public static string WithDefaults(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey is true for every keyword it knows; only the raw string says what
        // was set.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }
            .Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
            if (!given.Contains("AutoPrepareMinUsages"))
            {
                builder.AutoPrepareMinUsages = 2;
            }
        }

        if (!given.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
