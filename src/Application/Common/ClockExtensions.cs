namespace MakCrm.Application.Common;

public static class ClockExtensions
{
    /// <summary>
    /// Now, cut to whole microseconds: PostgreSQL keeps timestamps to the microsecond, so a value written and read
    /// back must be the same value that the response reported when it was written.
    /// </summary>
    public static DateTimeOffset UtcNowMicroseconds(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    /// <summary>The instant cut to whole microseconds, as PostgreSQL will keep it.</summary>
    public static DateTimeOffset ToMicroseconds(this DateTimeOffset instant) =>
        instant.AddTicks(-(instant.Ticks % TimeSpan.TicksPerMicrosecond)).ToUniversalTime();

    public static Guid NewId(this TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow());
}
