using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using MakCrm.AmoCrmSimulator;
using MakCrm.Infrastructure.AmoCrm;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// The API with a wider rate margin than the default (400 ms a second: 5.3 requests a second at a rate of 7, which two
/// instances not sharing their limiter would still pass twice over): requests of two instances on a busy test machine
/// reach the simulator with far more jitter than a server's reach amoCRM.
/// </summary>
public sealed class AmoCrmServer()
    : ApiServerFixture(
        new Dictionary<string, string>
        {
            ["Mak:AmoCrm:RateMargin"] = "00:00:00.400",
            ["Mak:AmoCrm:InboxMaxAttempts"] = "2",
            ["Mak:AmoCrm:InboxRetryDelay"] = "00:00:00",
            ["Mak:AmoCrm:SyncPollInterval"] = "00:00:00",
        })
{
    protected override bool Shared => true;
}

/// <summary>
/// The outbound limiter of an amoCRM account, shared through PostgreSQL by every instance of the API: requests of two
/// instances sent at once against the simulator's 7 a second.
/// </summary>
public sealed class AmoCrmRateLimiterTests(AmoCrmServer server) : IClassFixture<AmoCrmServer>, IAsyncLifetime
{
    private FakeAmoCrm _amo = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 10, RatePerSecond = 7 }).StartAsync();
    }

    public async Task DisposeAsync() => await _amo.DisposeAsync();

    [Fact]
    public async Task Two_instances_sending_at_once_stay_within_the_accounts_rate_together()
    {
        await using var second = server.StartSecondInstance();
        AmoCrmRateLimiter[] limiters =
        [
            server.Services.GetRequiredService<AmoCrmRateLimiter>(),
            second.Services.GetRequiredService<AmoCrmRateLimiter>(),
        ];
        using var http = new HttpClient { BaseAddress = _amo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _amo.LongLivedToken);
        const int workersPerInstance = 3;
        const int requestsPerWorker = 5;
        // Both instances and the client warmed up first (a first call compiles and connects), then a second of quiet.
        foreach (var limiter in limiters)
        {
            await limiter.TakeAsync(AmoSeed.AccountId, CancellationToken.None);
            (await http.GetAsync("api/v4/account")).EnsureSuccessStatusCode();
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var statuses = new List<HttpStatusCode>();
        var slots = new List<DateTimeOffset>();
        var watch = Stopwatch.StartNew();

        await Task.WhenAll(
            limiters.SelectMany(limiter =>
                Enumerable
                    .Range(0, workersPerInstance)
                    .Select(async _ =>
                    {
                        for (var i = 0; i < requestsPerWorker; i++)
                        {
                            var slot = await limiter.TakeAsync(AmoSeed.AccountId, CancellationToken.None);
                            using var response = await http.GetAsync("api/v4/account");
                            lock (statuses)
                            {
                                statuses.Add(response.StatusCode);
                                slots.Add(slot);
                            }
                        }
                    })
            )
        );

        var sent = limiters.Length * workersPerInstance * requestsPerWorker;
        // No second of the database's clock holds more than 7 slots of the two instances together.
        slots.Sort();
        var crowded = slots
            .Select((at, i) => slots.Skip(i).TakeWhile(later => later - at < TimeSpan.FromSeconds(1)))
            .Max(window => window.Count());
        crowded.Should().BeLessThanOrEqualTo(7);
        // The requests went as their slots came. Whether amoCRM counts them the same depends on how late each one
        // left its slot, which a machine running several test suites at once does not bound: the margin absorbs what a
        // server's network adds, and a 429 is backed off.
        statuses.Should().HaveCount(sent);
        // The slots are one spacing apart however the requests were spread over the instances.
        watch.Elapsed.Should().BeGreaterThanOrEqualTo((sent - 1) * limiters[0].Spacing(7) * 0.98);
    }

    [Fact]
    public async Task A_back_off_holds_every_instances_next_request_until_it_has_passed()
    {
        await using var second = server.StartSecondInstance();
        var first = server.Services.GetRequiredService<AmoCrmRateLimiter>();
        var other = second.Services.GetRequiredService<AmoCrmRateLimiter>();
        await first.TakeAsync(AmoSeed.AccountId + 1, CancellationToken.None);

        await first.BackOffAsync(AmoSeed.AccountId + 1, TimeSpan.FromSeconds(2), CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await other.TakeAsync(AmoSeed.AccountId + 1, CancellationToken.None);

        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));
        var unrelated = Stopwatch.StartNew();
        await other.TakeAsync(AmoSeed.AccountId + 2, CancellationToken.None);
        unrelated.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1.5), "another account has a limiter of its own");
    }
}
