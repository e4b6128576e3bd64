using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// <c>./mak run --instances 3</c> as a developer runs it, on an empty database of its own: three API processes behind
/// HAProxy on one port, the demo data seeded once. Requests through the balancer go round the instances, an event
/// committed through any of them reaches a stream held through the balancer, and SIGTERM stops everything.
/// Runs the binaries the test run has built (<c>MAK_SKIP_BUILD</c>).
/// </summary>
public sealed class MakRunInstancesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateEmptyAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Three_instances_serve_behind_haproxy_with_the_stream_fanned_out_and_stop_on_sigterm()
    {
        var port = FreePortRun(4);
        var root = Repository.Root();
        var start = new ProcessStartInfo("setsid", ["bash", Path.Combine(root, "mak"), "run", "--instances", "3"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["MAK_SKIP_BUILD"] = "true";
        start.Environment["MAK_DB"] = _database.ConnectionString;
        start.Environment["MAK_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["MAK_KEY_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["MAK_MAIL_DIR"] = Path.Combine(Path.GetTempPath(), "mak-test-mail");
        start.Environment["Mak__Metrics__Port"] = "0";
        var output = new StringBuilder();
        using var mak = Process.Start(start)!;
        mak.OutputDataReceived += (_, e) => Append(e.Data);
        mak.ErrorDataReceived += (_, e) => Append(e.Data);
        mak.BeginOutputReadLine();
        mak.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        var phase = "starting";
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (!Output().Contains("instances behind HAProxy", StringComparison.Ordinal))
            {
                mak.HasExited.Should().BeFalse("./mak run stops only on SIGTERM");
                DateTime.UtcNow.Should().BeBefore(deadline, "the balancer is up within four minutes");
                await Task.Delay(500);
            }

            phase = "probing the instances";
            using var balancer = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            foreach (var instance in Enumerable.Range(1, 3))
            {
                using var probe = new HttpClient();
                (await probe.GetAsync($"http://127.0.0.1:{port + instance}/health/ready"))
                    .StatusCode.Should()
                    .Be(HttpStatusCode.OK);
            }

            phase = "signing in and opening the stream";
            balancer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer",
                await DemoTokenAsync(balancer)
            );
            using var streamRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stream");
            streamRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var stream = await balancer.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead);
            stream.StatusCode.Should().Be(HttpStatusCode.OK);
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

            phase = "creating clients";
            var phones = Enumerable.Range(1, 3).Select(i => $"+7977000100{i}").ToList();
            foreach (var phone in phones)
            {
                using var created = await balancer.PostAsJsonAsync(
                    "/api/v1/clients",
                    new
                    {
                        fullName = "Клиент за балансировщиком",
                        phone,
                        source = "partner",
                    }
                );
                created.StatusCode.Should().Be(HttpStatusCode.Created);
            }

            // Each create went to another instance (round robin), and every event reaches the one stream.
            phase = "reading the stream";
            var seen = new HashSet<string>();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (seen.Count < phones.Count && await reader.ReadLineAsync(wait.Token) is { } line)
            {
                if (
                    line.StartsWith("data: ", StringComparison.Ordinal)
                    && JsonNode.Parse(line[6..]) is { } message
                    && message["type"]?.GetValue<string>() == "client.created"
                    && message["data"]?["phone"]?.GetValue<string>() is { } phone
                )
                {
                    seen.Add(phone);
                }
            }

            seen.Should().BeEquivalentTo(phones);
            foreach (var instance in Enumerable.Range(1, 3))
            {
                var log = await File.ReadAllTextAsync(Path.Combine(root, ".mak", "instances", $"api{instance}.log"));
                log.Should().Contain("\"Path\":\"/api/v1/clients\"", $"instance {instance} served a create");
            }

            phase = "stopping";
            Signal("TERM", mak.Id);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await mak.WaitForExitAsync(exit.Token);
            foreach (var instance in Enumerable.Range(0, 4))
            {
                Listening(port + instance).Should().BeFalse($"nothing listens on {port + instance} any more");
            }
        }
        catch (Exception failure)
        {
            // A failure on a busy machine says where it stopped, after how long, and what the processes printed.
            var logs = Enumerable
                .Range(1, 3)
                .Select(i => Path.Combine(root, ".mak", "instances", $"api{i}.log"))
                .Where(File.Exists)
                .Select(log => $"{Path.GetFileName(log)}: {string.Join('\n', File.ReadLines(log).TakeLast(5))}");
            throw new InvalidOperationException(
                $"Failed while {phase}, {clock.Elapsed.TotalSeconds:F0} s in: {failure.Message}\n"
                    + $"./mak run printed:\n{Output()}\n{string.Join('\n', logs)}",
                failure
            );
        }
        finally
        {
            if (!mak.HasExited)
            {
                Signal("KILL", -mak.Id);
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

    internal static async Task<string> DemoTokenAsync(HttpClient balancer)
    {
        using var response = await balancer.PostAsync(
            "/connect/token",
            new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "password",
                    ["client_id"] = "mak-cabinet",
                    ["username"] = "partner.alpha@demo.mak",
                    ["password"] = "Demo-Password-2026",
                }
            )
        );
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
    }

    /// <summary>
    /// A port that is free with the <paramref name="count"/> - 1 ports after it, taken below the range the kernel
    /// hands out for port 0 and for outgoing connections (<c>ip_local_port_range</c>, 32768 and up by default): a port
    /// in that range can be taken by any connection the test run opens before the server binds it.
    /// </summary>
    internal static int FreePortRun(int count)
    {
        var ephemeral = File.Exists(EphemeralRange)
            ? int.Parse(File.ReadAllText(EphemeralRange).Split('\t', ' ')[0], CultureInfo.InvariantCulture)
            : 32768;
        var (low, high) = (Math.Max(1024, ephemeral - 12_000), ephemeral - count);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(low, high);
            if (Enumerable.Range(0, count).All(i => CanBind(port + i)))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No run of {count} free ports between {low} and {high}.");
    }

    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    private static bool CanBind(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Signal(string signal, int target)
    {
        using var kill = Process.Start("kill", [$"-{signal}", "--", target.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }
}
