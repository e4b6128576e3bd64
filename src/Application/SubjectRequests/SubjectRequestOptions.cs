namespace MakCrm.Application.SubjectRequests;

/// <summary>The clock of subject requests and the reminder worker (configuration section
/// <c>Mak:SubjectRequests</c>).</summary>
public sealed class SubjectRequestOptions
{
    public const string Section = "Mak:SubjectRequests";

    /// <summary>The non-working weekdays (holidays and days rest was moved to); absent, the official ones of 2026 and
    /// 2027 (<see cref="Domain.Calendars.WorkingDayCalendar.RussianDaysOff"/>).</summary>
    public DateOnly[]? DaysOff { get; set; }

    /// <summary>The Saturdays and Sundays that are working days; absent, those of 2026 and 2027.</summary>
    public DateOnly[]? WorkingWeekendDays { get; set; }

    /// <summary>Head office is reminded this many working days before a request's deadline.</summary>
    public int ReminderLeadWorkingDays { get; set; } = 2;

    /// <summary>Off: this instance sends no reminders (others on the same database still may).</summary>
    public bool RemindersEnabled { get; set; } = true;

    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many requests are claimed and reminded of in one transaction.</summary>
    public int ReminderBatchSize { get; set; } = 50;
}
