using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// A restore drill, with <c>./mak backup</c> and <c>./mak restore</c> as an operator runs them, on a cluster of its own
/// (the test run's cluster is not restarted): rows written, a backup, more rows, a moment noted, rows written after it;
/// a point-in-time restore into a fresh data directory finds exactly the rows written before that moment, a restore to
/// the end of the archive finds them all, and a full backup is taken on demand.
/// </summary>
public sealed class BackupRestoreDrillTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mak-drill-{Guid.NewGuid():N}");
    private int _port;

    private string Data => Path.Combine(_root, "data");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _port = FreePortPair();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var data in new[] { Data, Path.Combine(_root, "at-moment"), Data + "-restored" })
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                await MakAsync(["db-stop"], data, allowFailure: true);
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_point_in_time_restore_into_a_fresh_directory_finds_exactly_the_rows_written_before_that_time()
    {
        // The first backup creates the cluster, turns on WAL archiving and takes a full backup.
        (await MakAsync(["backup"], Data))
            .Should()
            .Contain("full backup");
        await using (var connection = await OpenAsync(_port, "postgres"))
        {
            await ExecuteAsync(connection, "CREATE DATABASE drill");
        }

        await using var drill = await OpenAsync(_port, "drill");
        await ExecuteAsync(drill, "CREATE TABLE writes (id int PRIMARY KEY, phase text NOT NULL)");
        await ExecuteAsync(drill, "INSERT INTO writes SELECT g, 'before the backup' FROM generate_series(1, 1000) g");
        foreach (var statement in LedgerTables)
        {
            await ExecuteAsync(drill, statement);
        }

        (await MakAsync(["backup"], Data)).Should().Contain("incr backup");
        await ExecuteAsync(drill, "INSERT INTO writes SELECT g, 'after the backup' FROM generate_series(1001, 1500) g");
        var moment = await ScalarAsync<DateTime>(drill, "SELECT now()");
        await Task.Delay(100);
        await ExecuteAsync(drill, "INSERT INTO writes SELECT g, 'too late' FROM generate_series(1501, 2000) g");
        // A ledger entry whose running balance does not follow from the one before it, after the moment.
        await ExecuteAsync(drill, $"INSERT INTO ledger_entries VALUES ('{Owner}', 3, 'deposit', 10, 999, 30)");
        // The WAL of the last writes is archived (archive_timeout would do it within a minute).
        var segment = await ScalarAsync<string>(drill, "SELECT pg_walfile_name(pg_switch_wal())");
        await WaitUntilArchivedAsync(drill, segment);

        var atMoment = Path.Combine(_root, "at-moment");
        var output = await MakAsync(
            [
                "restore",
                "--to",
                moment.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture),
                "--into",
                atMoment,
            ],
            Data
        );
        output.Should().Contain("drill.writes: 1500 rows")
            .And.Contain("drill: the ledgers' running sums follow from their entries")
            .And.Contain("Restored and checked");
        await using (var restored = await OpenAsync(_port + 1, "drill"))
        {
            (await PhasesAsync(restored))
                .Should()
                .BeEquivalentTo(
                    new Dictionary<string, long> { ["before the backup"] = 1000, ["after the backup"] = 500 }
                );
            (await ScalarAsync<bool>(restored, "SELECT pg_is_in_recovery()")).Should().BeFalse("it was promoted");
        }

        await MakAsync(["db-stop"], atMoment);

        // To the end of the archive, into the default directory beside the cluster's: the broken entry is found, and
        // the restore is not declared good.
        (await MakAsync(["restore"], Data, allowFailure: true))
            .Should()
            .Contain("drill.writes: 2000 rows")
            .And.Contain($"ledger_entries {Owner} 3 balance_after")
            .And.Contain("the ledgers' running sums in drill do not follow from their entries")
            .And.NotContain("Restored and checked");
        await MakAsync(["db-stop"], Data + "-restored");

        var textfile = Path.Combine(_root, "mak_backup.prom");
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        (await MakAsync(["backup", "--full"], Data, textfile))
            .Should()
            .Contain("full backup")
            .And.Contain("incr backup");
        var reported = (await File.ReadAllTextAsync(textfile)).Trim().Split(' ');
        reported[0].Should().Be("mak_backup_last_success_timestamp_seconds");
        long.Parse(reported[1], CultureInfo.InvariantCulture).Should().BeInRange(before, before + 600);
    }

    private const string Owner = "0192f0a0-0000-7000-8000-000000000001";

    // The columns of the three ledgers that deploy/checks/ledgers.sql reads, with consistent entries: a deposit and a
    // hold (which moves the held sum the other way), a commission release, two point awards.
    private static readonly string[] LedgerTables =
    [
        "CREATE TABLE ledger_entries (organization_id uuid, entry_no bigint, kind text, amount numeric, "
            + "balance_after numeric, held_after numeric)",
        $"INSERT INTO ledger_entries VALUES ('{Owner}', 1, 'deposit', 100, 100, 0), "
            + $"('{Owner}', 2, 'hold', -30, 70, 30)",
        "CREATE TABLE commission_entries (organization_id uuid, entry_no bigint, available_change numeric, "
            + "available_after numeric)",
        $"INSERT INTO commission_entries VALUES ('{Owner}', 1, 250, 250)",
        "CREATE TABLE points_entries (user_id uuid, entry_no bigint, points int, balance_after bigint)",
        $"INSERT INTO points_entries VALUES ('{Owner}', 1, 5, 5), ('{Owner}', 2, 3, 8)",
    ];

    private static async Task<Dictionary<string, long>> PhasesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT phase, count(*) FROM writes GROUP BY phase", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var phases = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            phases[reader.GetString(0)] = reader.GetInt64(1);
        }

        return phases;
    }

    private static async Task WaitUntilArchivedAsync(NpgsqlConnection connection, string segment)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (
            await ScalarAsync<string?>(connection, "SELECT last_archived_wal FROM pg_stat_archiver") is var archived
            && string.CompareOrdinal(archived, segment) < 0
        )
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"segment {segment} is archived (last: {archived})");
            await Task.Delay(200);
        }
    }

    /// <summary>Runs <c>./mak</c> for the cluster in <paramref name="data"/> (on the test's port) and answers its
    /// output (with <paramref name="textfile"/>, the backup reports its success there); it must succeed unless
    /// <paramref name="allowFailure"/>.</summary>
    private async Task<string> MakAsync(
        string[] arguments,
        string data,
        string? textfile = null,
        bool allowFailure = false
    )
    {
        var root = Repository.Root();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "mak"), .. arguments])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The drill's own cluster and repository, never the test run's database.
        start.Environment.Remove("MAK_DB");
        start.Environment["MAK_PGDATA"] = data;
        start.Environment["MAK_PG_PORT"] = (data == Data ? _port : _port + 1).ToString(CultureInfo.InvariantCulture);
        start.Environment["MAK_BACKUP_DIR"] = Path.Combine(_root, "backups");
        start.Environment["MAK_RESTORE_PORT"] = (_port + 1).ToString(CultureInfo.InvariantCulture);
        if (textfile is not null)
        {
            start.Environment["MAK_BACKUP_TEXTFILE"] = textfile;
        }

        using var mak = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = mak.StandardOutput.ReadToEndAsync();
        var stderr = mak.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await mak.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        if (!allowFailure)
        {
            mak.ExitCode.Should().Be(0, $"./mak {string.Join(' ', arguments)} succeeds:\n{output}");
        }

        return output.ToString();
    }

    private static async Task<NpgsqlConnection> OpenAsync(int port, string database)
    {
        var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database={database};Pooling=false"
        );
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }

    /// <summary>A free port with a free one after it: the cluster's, and the restored cluster's.</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
                attempt.Should().BeLessThan(50, "some pair of free ports exists");
            }
        }
    }
}
