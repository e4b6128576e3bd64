using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using MakCrm.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// Failures survived behind the balancer, on a cluster of its own (the test run's is never restarted): <c>./mak run
/// --instances 2</c>, keyed creates from four clients that retry a failed request with the same
/// <c>Idempotency-Key</c>; one instance killed with SIGKILL, then PostgreSQL restarted fast and then immediately. The
/// failed attempts are counted, every create lands exactly once, and the service recovers: requests that start a
/// little after each failure succeed at their first attempt.
/// </summary>
public sealed class FailuresSurvivedTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const int Workers = 4;

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mak-failures-{Guid.NewGuid():N}");
    private readonly ConcurrentBag<Create> _creates = [];
    private int _pgPort;
    private int _port;
    private int _sequence;

    private string Data => Path.Combine(_root, "data");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _port = MakRunInstancesTests.FreePortRun(3);
        do
        {
            _pgPort = MakRunInstancesTests.FreePortRun(1);
        } while (_pgPort >= _port && _pgPort < _port + 3);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            using var stop = Process.Start(Mak("db-stop"))!;
            await stop.WaitForExitAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task An_instance_killed_and_the_database_restarted_under_keyed_load_lose_nothing_and_heal()
    {
        var start = Mak("run", "--instances", "2");
        using var mak = Process.Start(start)!;
        var output = new StringBuilder();
        mak.OutputDataReceived += (_, e) => Append(e.Data);
        mak.ErrorDataReceived += (_, e) => Append(e.Data);
        mak.BeginOutputReadLine();
        mak.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!Output().Contains("instances behind HAProxy", StringComparison.Ordinal))
            {
                mak.HasExited.Should().BeFalse(Output());
                DateTime.UtcNow.Should().BeBefore(deadline, Output());
                await Task.Delay(500);
            }

            using var balancer = new HttpClient
            {
                BaseAddress = new Uri($"http://127.0.0.1:{_port}"),
                Timeout = TimeSpan.FromSeconds(15),
            };
            balancer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                await MakRunInstancesTests.DemoTokenAsync(balancer)
            );

            // An instance killed: the requests in flight on it are lost, their retries go to the other.
            var killed = await UnderLoadAsync(
                balancer,
                async () =>
                {
                    var pid = (await File.ReadAllTextAsync(Path.Combine(_root, "instances", "api2.pid"))).Trim();
                    using var kill = Process.Start("kill", ["-KILL", pid])!;
                    await kill.WaitForExitAsync();
                }
            );
            Report("instance killed (SIGKILL)", killed);
            // None may fail at all (the kill can fall between requests); those that do are the balancer's or the
            // connection's, never the API's.
            killed
                .Failures.Where(status => status is not ("502" or "503" or "transport"))
                .Should()
                .BeEmpty("a request lost with its instance ends as a 502, a 503 or a closed connection");
            killed
                .FailedFirstAttempts.Should()
                .BeLessThanOrEqualTo(3 * Workers, "only the requests near the kill fail");

            foreach (var mode in new[] { "fast", "immediate" })
            {
                var restarted = await UnderLoadAsync(balancer, () => RestartPostgresAsync(mode));
                Report($"PostgreSQL restarted ({mode})", restarted);
                restarted
                    .Failures.Where(status => status != "503+Retry-After")
                    .Should()
                    .BeEmpty("during the outage the answer is 503 with Retry-After");
            }

            await ExactlyOnceAsync();
        }
        finally
        {
            if (!mak.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", mak.Id.ToString(CultureInfo.InvariantCulture)])!;
                await term.WaitForExitAsync();
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await mak.WaitForExitAsync(exit.Token);
                }
                catch (OperationCanceledException)
                {
                    using var kill = Process.Start(
                        "kill",
                        ["-KILL", "--", (-mak.Id).ToString(CultureInfo.InvariantCulture)]
                    )!;
                    await kill.WaitForExitAsync();
                }
            }
        }

        void Append(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        string Output()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Keyed creates from <see cref="Workers"/> clients for 2 s, then <paramref name="failure"/>, then on until every
    /// request started in the 4 s after the failure returned; the requests started from then on must succeed at their
    /// first attempt.
    /// </summary>
    private async Task<LoadOutcome> UnderLoadAsync(HttpClient balancer, Func<Task> failure)
    {
        var creates = new ConcurrentBag<Create>();
        var stopwatch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable
            .Range(0, Workers)
            .Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var create = await CreateAsync(balancer, stopwatch);
                    creates.Add(create);
                    _creates.Add(create);
                    // A steady load, not the most the machine can take (the tests beside share its cores).
                    await Task.Delay(20);
                }
            })
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var failedAt = stopwatch.Elapsed;
        await failure();
        var failedUntil = stopwatch.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(6));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var healed = failedUntil + TimeSpan.FromSeconds(4);
        creates.Should().OnlyContain(c => c.Created, "every create lands, with its retries");
        var afterRecovery = creates.Where(c => c.StartedAt > healed).ToList();
        afterRecovery.Should().NotBeEmpty();
        afterRecovery.Should().OnlyContain(c => c.Attempts == 1, "the service has recovered 4 s after the failure");
        return new LoadOutcome(
            creates.Count,
            creates.Count(c => c.Attempts > 1),
            creates.SelectMany(c => c.Failures).ToList(),
            failedUntil - failedAt
        );
    }

    /// <summary>One keyed create, retried with its key on a 502, a 503 or a broken connection (up to 20 times, after
    /// Retry-After or half a second).</summary>
    private async Task<Create> CreateAsync(HttpClient balancer, Stopwatch stopwatch)
    {
        var phone = "+7977" + Interlocked.Increment(ref _sequence).ToString("D7", CultureInfo.InvariantCulture);
        var key = Guid.NewGuid().ToString();
        var startedAt = stopwatch.Elapsed;
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var wait = TimeSpan.FromMilliseconds(500);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients")
                {
                    Content = JsonContent.Create(
                        new
                        {
                            fullName = "Клиент под нагрузкой",
                            phone,
                            source = "partner",
                        }
                    ),
                };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await balancer.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return new Create(phone, startedAt, attempt, true, failures);
                }

                var answer = await response.Content.ReadAsStringAsync();
                ((int)response.StatusCode)
                    .Should()
                    .BeOneOf([502, 503], "{0}; the instances logged: {1}", answer, LoggedWith(answer));
                var retryAfter = response.Headers.RetryAfter?.Delta;
                failures.Add(
                    response.StatusCode == HttpStatusCode.ServiceUnavailable && retryAfter is not null
                        ? "503+Retry-After"
                        : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
                );
            }
            catch (HttpRequestException)
            {
                failures.Add("transport");
            }

            await Task.Delay(wait);
        }

        return new Create(phone, startedAt, 20, false, failures);
    }

    private async Task RestartPostgresAsync(string mode)
    {
        var pgCtl = "/usr/lib/postgresql/15/bin/pg_ctl";
        // The server's output to its log: a pipe of ours held by the new server would never end.
        var arguments = new[]
        {
            "-D",
            Data,
            "-l",
            Path.Combine(Data, "server.log"),
            "-m",
            mode,
            "-w",
            "-t",
            "60",
            "restart",
        };
        var start =
            Environment.UserName == "root"
                ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, .. arguments])
                : new ProcessStartInfo(pgCtl, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var restart = Process.Start(start)!;
        var output = await restart.StandardOutput.ReadToEndAsync() + await restart.StandardError.ReadToEndAsync();
        await restart.WaitForExitAsync();
        restart.ExitCode.Should().Be(0, output);
    }

    /// <summary>Every create that was answered is in the database once, and no other client of the run is.</summary>
    private async Task ExactlyOnceAsync()
    {
        await using var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={_pgPort};Username=postgres;Database=mak;Pooling=false"
        );
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT phone, count(*) FROM clients WHERE phone LIKE $1 || '%' GROUP BY phone",
            connection
        );
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "+7977" });
        var stored = new Dictionary<string, long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        stored.Values.Should().OnlyContain(count => count == 1, "a retried create is answered from its key");
        stored.Keys.Should().BeEquivalentTo(_creates.Select(c => c.Phone), "every answered create is stored");
    }

    private void Report(string failure, LoadOutcome outcome) =>
        log.WriteLine(
            $"{failure} (took {outcome.FailureTook.TotalSeconds:F1} s): {outcome.Requests} keyed creates, "
                + $"{outcome.FailedFirstAttempts} needed a retry; failed attempts: "
                + string.Join(", ", outcome.Failures.GroupBy(f => f).Select(g => $"{g.Key} × {g.Count()}"))
        );

    private ProcessStartInfo Mak(params string[] arguments)
    {
        var root = Repository.Root();
        var start = new ProcessStartInfo("setsid", ["bash", Path.Combine(root, "mak"), .. arguments])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Its own cluster, which the test restarts, never the test run's database.
        start.Environment.Remove("MAK_DB");
        start.Environment["MAK_PGDATA"] = Data;
        start.Environment["MAK_PG_PORT"] = _pgPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["MAK_SKIP_BUILD"] = "true";
        start.Environment["MAK_URLS"] = $"http://127.0.0.1:{_port}";
        start.Environment["MAK_INSTANCES_DIR"] = Path.Combine(_root, "instances");
        start.Environment["MAK_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(
            System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)
        );
        start.Environment["MAK_MAIL_DIR"] = Path.Combine(_root, "mail");
        start.Environment["Mak__Metrics__Port"] = "0";
        start.Environment["Mak__RateLimits__ApiRequestsPerMinute"] = "100000";
        return start;
    }

    private sealed record Create(string Phone, TimeSpan StartedAt, int Attempts, bool Created, List<string> Failures);

    private sealed record LoadOutcome(
        int Requests,
        int FailedFirstAttempts,
        List<string> Failures,
        TimeSpan FailureTook
    );

    /// <summary>What the instances logged about the request whose problem is <paramref name="answer"/> (its
    /// traceId), so that a failure says which exception the API did not expect.</summary>
    private string LoggedWith(string answer)
    {
        var trace = System.Text.RegularExpressions.Regex.Match(answer, "\"traceId\":\"([0-9a-f]+)\"").Groups[1].Value;
        var logs = Path.Combine(_root, "instances");
        return trace.Length == 0 || !Directory.Exists(logs)
            ? "(no trace id)"
            : string.Join(
                "\n",
                Directory
                    .GetFiles(logs, "api*.log")
                    .SelectMany(File.ReadLines)
                    .Where(line => line.Contains(trace, StringComparison.Ordinal))
                    .Select(line => line.Length > 2000 ? line[..2000] : line)
            );
    }
}
