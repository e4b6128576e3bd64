using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// What the machine and the database did during a measured window: CPU (the whole machine, the server process, this
/// process (the bidders), the PostgreSQL server's processes) and, every 100 ms, the benchmark database's sessions by state —
/// waiting for a lock, idle in a transaction (holding its locks while the application prepares its next
/// statement), or active. For the auction, the sessions idle in a transaction are lot locks held across a round trip.
/// </summary>
internal sealed class RunMonitor
{
    // The sessions of the benchmark database ($1); the monitor's own session is in the maintenance database.
    private const string Sessions = """
        SELECT count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),
               count(*) FILTER (WHERE state = 'idle in transaction'),
               count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock')
        FROM pg_stat_activity WHERE datname = $1
        """;

    public sealed record Result(
        double Seconds, double MachineBusyCores, double ServerCores, double BenchCores, double PostgresCores,
        double LockWaiting, double IdleInTransaction, double Active, int Samples, double TransactionsPerSecond)
    {
        public string Describe() =>
            FormattableString.Invariant($"CPU over {Seconds:0.#} s (cores of {Environment.ProcessorCount}): machine {MachineBusyCores:0.00}, ")
            + FormattableString.Invariant($"server process {ServerCores:0.00}, bench process {BenchCores:0.00}, PostgreSQL {PostgresCores:0.00}; ")
            + FormattableString.Invariant($"{TransactionsPerSecond:0} database transactions/s; ")
            + FormattableString.Invariant($"database sessions (mean of {Samples} samples): {LockWaiting:0.0} waiting for a lock, {IdleInTransaction:0.0} idle in transaction, {Active:0.0} active");

        /// <summary>
        /// What each unit of work (a lead, a bid attempt) cost each process in CPU milliseconds, the API's side against the
        /// baseline's, each side at its own rate of units per second.
        /// </summary>
        public static string CpuPer(string unit, Result api, double apiPerSecond, Result baseline, double baselinePerSecond)
        {
            string Of(Func<Result, double> cores) => FormattableString.Invariant(
                $"{cores(api) * 1000 / apiPerSecond:0.000} ms (API) vs {cores(baseline) * 1000 / baselinePerSecond:0.000} ms (baseline)");
            return $"CPU per {unit}: server process {Of(m => m.ServerCores)}; PostgreSQL {Of(m => m.PostgresCores)}; bench process {Of(m => m.BenchCores)}; machine {Of(m => m.MachineBusyCores)}";
        }

        /// <summary>What a unit of work cost the side's server process and PostgreSQL, at this rate a second.</summary>
        public CpuCost Per(double unitsPerSecond) =>
            new(ServerCores * 1000 / unitsPerSecond, PostgresCores * 1000 / unitsPerSecond);

        /// <summary>Several windows as one: rates weighted by each window's length, session counts by its samples.</summary>
        public static Result Combine(IReadOnlyList<Result> windows)
        {
            var seconds = windows.Sum(w => w.Seconds);
            var samples = windows.Sum(w => w.Samples);
            double Timed(Func<Result, double> value) => windows.Sum(w => value(w) * w.Seconds) / seconds;
            double Sampled(Func<Result, double> value) => windows.Sum(w => value(w) * w.Samples) / Math.Max(1, samples);
            return new Result(
                seconds, Timed(w => w.MachineBusyCores), Timed(w => w.ServerCores), Timed(w => w.BenchCores), Timed(w => w.PostgresCores),
                Sampled(w => w.LockWaiting), Sampled(w => w.IdleInTransaction), Sampled(w => w.Active), samples, Timed(w => w.TransactionsPerSecond));
        }
    }

    /// <summary>Measures the window that starts now and lasts <paramref name="window"/>.</summary>
    public static async Task<Result> MeasureAsync(string connectionString, int serverProcessId, TimeSpan window, CancellationToken cancellationToken)
    {
        var monitor = await StartAsync(connectionString, serverProcessId, cancellationToken);
        await Task.Delay(window, cancellationToken);
        return await monitor.StopAsync(cancellationToken);
    }

    /// <summary>
    /// Starts a window that lasts until <see cref="StopAsync"/>: for a phase whose length is known only at its end (an
    /// import, a turn of report runs). The monitor reads the statistics from the server's maintenance database, so that
    /// its own statements never count in the benchmark database's (<see cref="Statements"/>).
    /// </summary>
    public static async Task<RunMonitor> StartAsync(
        string connectionString, int serverProcessId, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        var connection = new NpgsqlConnection(Databases.For(connectionString, "postgres"));
        try
        {
            await connection.OpenAsync(cancellationToken);
            var monitor = new RunMonitor(connection, database, serverProcessId);
            await monitor.BeginAsync(cancellationToken);
            return monitor;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private readonly NpgsqlConnection _connection;
    private readonly string _database;
    private readonly int _serverProcessId;
    private readonly CancellationTokenSource _stop = new();
    private List<int> _postgresPids = [];
    private (long Busy, long Total) _machine;
    private long _server;
    private TimeSpan _bench;
    private long _postgres;
    private long _transactions;
    private Stopwatch _clock = new();
    private Task<(long Waiting, long Idle, long Active, int Samples)> _sampling = Task.FromResult((0L, 0L, 0L, 0));

    private RunMonitor(NpgsqlConnection connection, string database, int serverProcessId) =>
        (_connection, _database, _serverProcessId) = (connection, database, serverProcessId);

    private async Task BeginAsync(CancellationToken cancellationToken)
    {
        _postgresPids = await ServerPidsAsync(_connection, cancellationToken);
        _machine = MachineTicks();
        _server = ProcessTicks(_serverProcessId);
        _bench = Process.GetCurrentProcess().TotalProcessorTime;
        _postgres = _postgresPids.Sum(ProcessTicks);
        _transactions = await TransactionsAsync(_connection, _database, cancellationToken);
        _clock = Stopwatch.StartNew();
        _sampling = SampleAsync(cancellationToken);
    }

    /// <summary>Every 100 ms until stopped, the benchmark database's sessions by state.</summary>
    private async Task<(long Waiting, long Idle, long Active, int Samples)> SampleAsync(
        CancellationToken cancellationToken)
    {
        long waiting = 0, idle = 0, active = 0;
        var samples = 0;
        while (!_stop.IsCancellationRequested)
        {
            await using (var command = new NpgsqlCommand(Sessions, _connection))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = _database });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                waiting += reader.GetInt64(0);
                idle += reader.GetInt64(1);
                active += reader.GetInt64(2);
            }

            samples++;
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
        }

        return (waiting, idle, active, samples);
    }

    /// <summary>Ends the window: what the machine, the processes and the database did since it started.</summary>
    public async Task<Result> StopAsync(CancellationToken cancellationToken)
    {
        await using var _ = _connection;
        using var __ = _stop;
        var seconds = _clock.Elapsed.TotalSeconds;
        var machineAfter = MachineTicks();
        var serverAfter = ProcessTicks(_serverProcessId);
        var benchAfter = Process.GetCurrentProcess().TotalProcessorTime;
        await _stop.CancelAsync();
        var (waiting, idle, active, samples) = await _sampling;
        var transactionsAfter = await TransactionsAsync(_connection, _database, cancellationToken);
        var postgresPids = _postgresPids.Union(await ServerPidsAsync(_connection, cancellationToken));
        var postgresAfter = postgresPids.Sum(ProcessTicks);
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        var machineTicks = Math.Max(1, machineAfter.Total - _machine.Total);
        var machineShare = (machineAfter.Busy - _machine.Busy) / (double)machineTicks;
        return new Result(
            seconds,
            machineShare * Environment.ProcessorCount,
            (serverAfter - _server) / ticksPerSecond / seconds,
            (benchAfter - _bench).TotalSeconds / seconds,
            (postgresAfter - _postgres) / ticksPerSecond / seconds,
            waiting / (double)Math.Max(1, samples),
            idle / (double)Math.Max(1, samples),
            active / (double)Math.Max(1, samples),
            samples,
            (transactionsAfter - _transactions) / seconds);
    }

    /// <summary>Committed and rolled-back transactions of the database so far (the statistics lag by up to half a second).</summary>
    private static async Task<long> TransactionsAsync(
        NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        const string Sql = "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1";
        await using var command = new NpgsqlCommand(Sql, connection) { Parameters = { new() { Value = database } } };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every process of this PostgreSQL server (backends of all databases and the background processes).</summary>
    private static async Task<List<int>> ServerPidsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var pids = new List<int>();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    private static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total); // idle and iowait are not busy
    }

    /// <summary>utime + stime of a process in clock ticks; 0 once it is gone.</summary>
    private static long ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>The CPU milliseconds a unit of work (a lead, a request, a row) cost a side's server and database.</summary>
internal sealed record CpuCost(double ServerMs, double PostgresMs)
{
    public override string ToString() => FormattableString.Invariant($"{ServerMs:0.000} + {PostgresMs:0.000}");
}
