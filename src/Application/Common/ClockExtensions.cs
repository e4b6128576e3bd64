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

    public static Guid NewId(this TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow());
}
