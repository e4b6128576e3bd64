using MakCrm.Infrastructure.Persistence;

namespace MakCrm.UnitTests.Infrastructure;

/// <summary>What a cache remembers while the instance hears the changes, and when it forgets.</summary>
public sealed class ListenedCacheTests
{
    private sealed class Names(TimeProvider clock) : ListenedCache<string[]>("test_channel", clock);

    [Fact]
    public void Nothing_is_remembered_until_every_change_is_heard()
    {
        var cache = new Names(new ManualClock());
        cache.Remember(["a"], cache.Generation);
        cache.Remembered.Should().BeNull("the listener is not connected yet");

        cache.Trust(true);
        cache.Remember(["a"], cache.Generation);
        cache.Remembered.Should().Equal("a");

        cache.Trust(false);
        cache.Remembered.Should().BeNull("a lost connection may have lost a notification");
    }

    [Fact]
    public void A_value_read_before_a_change_was_heard_is_not_remembered()
    {
        var cache = new Names(new ManualClock());
        cache.Trust(true);
        var generation = cache.Generation;
        cache.Forget(); // a change committed while the value was being read
        cache.Remember(["stale"], generation);
        cache.Remembered.Should().BeNull();

        cache.Remember(["fresh"], cache.Generation);
        cache.Forget();
        cache.Remembered.Should().BeNull();
    }

    [Fact]
    public void A_value_is_read_again_after_a_minute_even_without_a_notification()
    {
        var clock = new ManualClock();
        var cache = new Names(clock);
        cache.Trust(true);
        cache.Remember(["a"], cache.Generation);
        clock.Advance(ListenedCache<string[]>.RememberFor - TimeSpan.FromSeconds(1));
        cache.Remembered.Should().Equal("a");
        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Remembered.Should().BeNull();
    }
}
