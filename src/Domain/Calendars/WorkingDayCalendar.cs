namespace MakCrm.Domain.Calendars;

/// <summary>
/// The Russian working-day calendar: Monday to Friday are working days, except the non-working holidays and the days
/// rest was transferred to; a Saturday or Sunday the government made a working day (a transferred working day) is one.
/// Terms the law counts "in working days" (152-ФЗ's 10 days for a subject's request) are counted on it.
/// </summary>
public sealed class WorkingDayCalendar(IEnumerable<DateOnly> daysOff, IEnumerable<DateOnly> workingWeekendDays)
{
    private readonly HashSet<DateOnly> _daysOff = [.. daysOff];
    private readonly HashSet<DateOnly> _workingWeekendDays = [.. workingWeekendDays];

    public bool IsWorkingDay(DateOnly day) =>
        _workingWeekendDays.Contains(day)
        || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_daysOff.Contains(day));

    /// <summary>The <paramref name="days"/>-th working day after <paramref name="from"/> (which itself does not count,
    /// as a term that begins on the day after the event).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = from;
        for (var counted = 0; counted < days; )
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>The working day <paramref name="days"/> working days before <paramref name="to"/>.</summary>
    public DateOnly SubtractWorkingDays(DateOnly to, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = to;
        for (var counted = 0; counted < days; )
        {
            day = day.AddDays(-1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>
    /// The non-working days of 2026 and 2027 on weekdays: the holidays of the Labour Code (art. 112), those moved off a
    /// weekend and the days rest was transferred to. 2026 as the government's decree set it (3 and 4 January moved to
    /// 9 January and 31 December); 2027 as its draft stands (5 November for Saturday 13 November, 31 December for the
    /// January weekend), to be checked against the decree when it is published.
    /// </summary>
    public static IReadOnlyList<DateOnly> RussianDaysOff { get; } =
    [
        .. Range(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 9)),
        new DateOnly(2026, 2, 23),
        new DateOnly(2026, 3, 9),
        new DateOnly(2026, 5, 1),
        new DateOnly(2026, 5, 11),
        new DateOnly(2026, 6, 12),
        new DateOnly(2026, 11, 4),
        new DateOnly(2026, 12, 31),
        .. Range(new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 8)),
        new DateOnly(2027, 2, 23),
        new DateOnly(2027, 3, 8),
        new DateOnly(2027, 5, 3),
        new DateOnly(2027, 5, 10),
        new DateOnly(2027, 6, 14),
        new DateOnly(2027, 11, 4),
        new DateOnly(2027, 11, 5),
        new DateOnly(2027, 12, 31),
    ];

    /// <summary>The Saturdays and Sundays of 2026 and 2027 that are working days (a day of rest transferred from
    /// them).</summary>
    public static IReadOnlyList<DateOnly> RussianWorkingWeekendDays { get; } = [new DateOnly(2027, 11, 13)];

    private static IEnumerable<DateOnly> Range(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
