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
    private const string Sessions = """
        SELECT count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'),
               count(*) FILTER (WHERE state = 'idle in transaction'),
               count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock')
        FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
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

    public static async Task<Result> MeasureAsync(string connectionString, int serverProcessId, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var postgresPids = await ServerPidsAsync(connection, cancellationToken);
        var machine = MachineTicks();
        var server = ProcessTicks(serverProcessId);
        var bench = Process.GetCurrentProcess().TotalProcessorTime;
        var postgres = postgresPids.Sum(ProcessTicks);
        var transactions = await TransactionsAsync(connection, cancellationToken);
        var clock = Stopwatch.StartNew();
        long waiting = 0, idle = 0, active = 0;
        var samples = 0;
        while (clock.Elapsed < window && !cancellationToken.IsCancellationRequested)
        {
            await using (var command = new NpgsqlCommand(Sessions, connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                waiting += reader.GetInt64(0);
                idle += reader.GetInt64(1);
                active += reader.GetInt64(2);
            }

            samples++;
            await Task.Delay(100, cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var machineAfter = MachineTicks();
        var transactionsAfter = await TransactionsAsync(connection, cancellationToken);
        var postgresAfter = postgresPids.Union(await ServerPidsAsync(connection, cancellationToken)).Sum(ProcessTicks);
        var ticksPerSecond = 100.0; // USER_HZ on Linux
        return new Result(
            seconds,
            (machineAfter.Busy - machine.Busy) / (double)Math.Max(1, machineAfter.Total - machine.Total) * Environment.ProcessorCount,
            (ProcessTicks(serverProcessId) - server) / ticksPerSecond / seconds,
            (Process.GetCurrentProcess().TotalProcessorTime - bench).TotalSeconds / seconds,
            (postgresAfter - postgres) / ticksPerSecond / seconds,
            waiting / (double)Math.Max(1, samples),
            idle / (double)Math.Max(1, samples),
            active / (double)Math.Max(1, samples),
            samples,
            (transactionsAfter - transactions) / seconds);
    }

    /// <summary>Committed and rolled-back transactions of the database so far (the statistics lag by up to half a second).</summary>
    private static async Task<long> TransactionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
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
