using MakCrm.Application.Reports;
using MakCrm.Domain.Common;

namespace MakCrm.UnitTests.Application;

/// <summary>The dashboard cache's age bound and single flight, on a clock the test moves.</summary>
public sealed class DashboardCacheTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static DashboardResult Result(DateTimeOffset at) => new("head-office", "Головной офис", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), "Europe/Moscow", at, []);

    [Fact]
    public async Task An_entry_serves_until_its_age_then_is_computed_again()
    {
        var clock = new Clock();
        var cache = new DashboardCache(new DashboardOptions { MaxAge = TimeSpan.FromSeconds(30) }, clock);
        var computed = 0;
        Task<Result<DashboardResult>> Compute(DateTimeOffset at)
        {
            computed++;
            return Task.FromResult<Result<DashboardResult>>(Result(at));
        }

        var first = await cache.GetAsync("k", Compute, CancellationToken.None);
        clock.Now = clock.Now.AddSeconds(29);
        var second = await cache.GetAsync("k", Compute, CancellationToken.None);
        second.Value.GeneratedAt.Should().Be(first.Value.GeneratedAt);
        computed.Should().Be(1);

        clock.Now = clock.Now.AddSeconds(1);
        var third = await cache.GetAsync("k", Compute, CancellationToken.None);
        computed.Should().Be(2, "at 30 s the entry is too old");
        third.Value.GeneratedAt.Should().Be(clock.Now);

        await cache.GetAsync("other", Compute, CancellationToken.None);
        computed.Should().Be(3, "another key is another entry");
    }

    [Fact]
    public async Task Concurrent_callers_share_one_computation_and_a_failure_is_not_kept()
    {
        var clock = new Clock();
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
        new DashboardCache(new DashboardOptions { MaxAge = TimeSpan.FromMinutes(10) }, new Clock()).MaxAge.Should().Be(TimeSpan.FromSeconds(60));
    }
}
