using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// SIGTERM to the Release API running as a process of its own, under load, with a balancer played by the test: the
/// load stops sending once readiness fails, as a balancer polling <c>/health/ready</c> would. Every request that was
/// sent is answered, the live stream ends cleanly (its client reconnects elsewhere), and the process exits 0 within
/// its shutdown timeout.
/// </summary>
public sealed class GracefulShutdownTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private static readonly TimeSpan ReadinessDelay = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Sigterm_under_load_fails_readiness_first_then_drains_every_request_and_stream_and_exits_0()
    {
        await using var api = await ApiProcess.StartAsync(
            server,
            new Dictionary<string, string>
            {
                ["Mak:Shutdown:ReadinessDelay"] = ReadinessDelay.ToString(),
                ["Mak:Shutdown:Timeout"] = ShutdownTimeout.ToString(),
                ["Logging:LogLevel:MakCrm.WebApi.Hosting"] = "Information",
                // The load is one caller's: more than the usual quota of one.
                ["Mak:RateLimits:ApiRequestsPerMinute"] = "100000",
            }
        );
        using var admin = api.CreateHttpClient(await server.AccessTokenAsync(TestActor.Admin));
        using var probe = api.CreateHttpClient();
        (await probe.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        var sinceSigterm = new Stopwatch();

        // A live stream, open across the stop.
        using var streamRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stream");
        streamRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var streamResponse = await admin.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead);
        streamResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var stream = ReadToEndAsync(streamResponse);

        // The balancer: polls readiness and stops routing at its first failure.
        using var routing = new CancellationTokenSource();
        var readinessFailedAt = TimeSpan.Zero;
        var balancer = Task.Run(async () =>
        {
            while (true)
            {
                using var ready = await probe.GetAsync("/health/ready");
                if (ready.StatusCode != HttpStatusCode.OK)
                {
                    ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
                    readinessFailedAt = sinceSigterm.Elapsed;
                    // Still serving: readiness fails first, the instance is alive and answers.
                    (await probe.GetAsync("/health/live"))
                        .StatusCode.Should()
                        .Be(HttpStatusCode.OK);
                    await routing.CancelAsync();
                    return;
                }

                await Task.Delay(100);
            }
        });

        var sent = 0;
        var answered = 0;
        var answeredAfterSigterm = 0;
        var failures = new List<string>();
        async Task Load(int worker)
        {
            for (var i = 0; !routing.IsCancellationRequested; i++)
            {
                Interlocked.Increment(ref sent);
                try
                {
                    using var response =
                        i % 2 == 0
                            ? await admin.PostAsync(
                                "/api/v1/clients",
                                JsonContent.Create(
                                    new
                                    {
                                        fullName = $"Клиент {worker}-{i}",
                                        phone = $"+7988{worker:000}{i:0000}",
                                        source = "partner",
                                    }
                                )
                            )
                            : await admin.GetAsync("/api/v1/clients");
                    if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref answered);
                        if (sinceSigterm.IsRunning)
                        {
                            Interlocked.Increment(ref answeredAfterSigterm);
                        }
                    }
                    else
                    {
                        var failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                        lock (failures)
                        {
                            failures.Add(failure);
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                {
                    lock (failures)
                    {
                        failures.Add(ex.ToString());
                    }
                }
            }
        }

        var load = Enumerable.Range(0, 6).Select(worker => Task.Run(() => Load(worker))).ToArray();
        // SIGTERM once the load runs (however slow the machine), with requests in flight.
        var loading = Stopwatch.StartNew();
        while (Volatile.Read(ref answered) < 12 && loading.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(50);
        }

        sinceSigterm.Start();
        api.Terminate();

        var exitCode = await api.ExitCodeAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        var exitedAfter = sinceSigterm.Elapsed;
        await Task.WhenAll(load);
        await balancer;
        var (streamEndedCleanly, streamEndedAt) = await stream;

        var log = string.Join('\n', api.Output);
        exitCode.Should().Be(0, log);
        failures.Should().BeEmpty("every request sent before the balancer took the instance out is answered");
        answered.Should().Be(sent).And.BeGreaterThanOrEqualTo(12);
        answeredAfterSigterm.Should().BeGreaterThan(0, "the requests in flight at SIGTERM are answered");
        readinessFailedAt.Should().BeLessThan(ReadinessDelay, "readiness fails at once, before the server stops");
        streamEndedCleanly.Should().BeTrue("the stream is ended by the server, not cut off: its client reconnects");
        streamEndedAt.Should().BeGreaterThanOrEqualTo(ReadinessDelay - TimeSpan.FromMilliseconds(100));
        exitedAfter.Should().BeLessThan(ShutdownTimeout);
        log.Should().Contain("Stopping: not ready from now on");

        async Task<(bool Clean, TimeSpan At)> ReadToEndAsync(HttpResponseMessage response)
        {
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync();
                using var reader = new StreamReader(body, Encoding.UTF8);
                while (await reader.ReadLineAsync() is not null) { }

                return (true, sinceSigterm.Elapsed);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                return (false, sinceSigterm.Elapsed);
            }
        }
    }
}
