using MakCrm.Application.Reports;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Application;

/// <summary>The dashboard cache's age bound and single flight, on a clock the test moves.</summary>
public sealed class DashboardCacheTests
{
    private static DashboardResult Result(DateTimeOffset at) => new("head-office", "Головной офис", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), "Europe/Moscow", at, []);

    [Fact]
    public async Task An_entry_serves_until_its_age_and_is_refreshed_in_the_background_from_half_of_it()
    {
        var clock = new ManualClock();
        var start = clock.Now;
        var cache = new DashboardCache(new DashboardOptions { MaxAge = TimeSpan.FromSeconds(30) }, clock);
        var computed = 0;
        Task<Result<DashboardResult>> Compute(DateTimeOffset at)
        {
            computed++;
            return Task.FromResult<Result<DashboardResult>>(Result(at));
        }

        var first = await cache.GetAsync("k", Compute, CancellationToken.None);
        clock.Now = start.AddSeconds(14);
        (await cache.GetAsync("k", Compute, CancellationToken.None)).Value.GeneratedAt.Should().Be(start);
        computed.Should().Be(1, "younger than half the age");

        clock.Now = start.AddSeconds(20);
        (await cache.GetAsync("k", Compute, CancellationToken.None)).Value.GeneratedAt.Should().Be(start, "the caller is answered from the entry");
        computed.Should().Be(2, "past half the age its successor is computed meanwhile");
        clock.Now = start.AddSeconds(21);
        (await cache.GetAsync("k", Compute, CancellationToken.None)).Value.GeneratedAt.Should().Be(start.AddSeconds(20));

        clock.Now = start.AddSeconds(50);
        var late = await cache.GetAsync("k", Compute, CancellationToken.None);
        computed.Should().Be(3, "at 30 s the successor is too old too");
        late.Value.GeneratedAt.Should().Be(clock.Now);

        await cache.GetAsync("other", Compute, CancellationToken.None);
        computed.Should().Be(4, "another key is another entry");
        first.Value.GeneratedAt.Should().Be(start);
    }

    [Fact]
    public async Task A_slow_successor_keeps_callers_on_the_entry_until_it_is_too_old_then_they_wait_for_that_successor()
    {
        var clock = new ManualClock();
        var start = clock.Now;
        var cache = new DashboardCache(new DashboardOptions { MaxAge = TimeSpan.FromSeconds(30) }, clock);
        var slow = new TaskCompletionSource<Result<DashboardResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var computed = 0;
        Task<Result<DashboardResult>> Compute(DateTimeOffset at) =>
            ++computed == 1 ? Task.FromResult<Result<DashboardResult>>(Result(at)) : slow.Task;

        await cache.GetAsync("k", Compute, CancellationToken.None);
        clock.Now = start.AddSeconds(16);
        (await cache.GetAsync("k", Compute, CancellationToken.None)).Value.GeneratedAt.Should().Be(start);
        clock.Now = start.AddSeconds(25);
        (await cache.GetAsync("k", Compute, CancellationToken.None)).Value.GeneratedAt.Should().Be(start, "the successor is still computing");
        computed.Should().Be(2, "one successor at a time");

        clock.Now = start.AddSeconds(31);
        var waiting = cache.GetAsync("k", Compute, CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse("the entry is too old: the caller waits for the successor in flight");
        slow.SetResult(Result(start.AddSeconds(16)));
        (await waiting).Value.GeneratedAt.Should().Be(start.AddSeconds(16));
        computed.Should().Be(2);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_computation_and_a_failure_is_not_kept()
    {
        var clock = new ManualClock();
        var cache = new DashboardCache(new DashboardOptions(), clock);
        var gate = new TaskCompletionSource<Result<DashboardResult>>();
        var computed = 0;
        Task<Result<DashboardResult>> Slow(DateTimeOffset at)
        {
            Interlocked.Increment(ref computed);
            return gate.Task;
        }

        var callers = Enumerable.Range(0, 4).Select(_ => cache.GetAsync("k", Slow, CancellationToken.None)).ToList();
        gate.SetResult(new Error(ErrorCodes.ReportTooExpensive, "slow", ErrorKind.Unprocessable));
        (await Task.WhenAll(callers)).Should().AllSatisfy(r => r.IsSuccess.Should().BeFalse());
        computed.Should().Be(1);

        var again = await cache.GetAsync("k", at => Task.FromResult<Result<DashboardResult>>(Result(at)), CancellationToken.None);
        again.IsSuccess.Should().BeTrue("a failed computation is not served again");
    }

    [Fact]
    public void The_age_is_bounded_by_a_minute_whatever_is_configured()
    {
        new DashboardCache(new DashboardOptions { MaxAge = TimeSpan.FromMinutes(10) }, new ManualClock()).MaxAge.Should().Be(TimeSpan.FromSeconds(60));
    }
}
