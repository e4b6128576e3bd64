using MakCrm.Domain.Calendars;
using MakCrm.Domain.SubjectRequests;

namespace MakCrm.UnitTests.Domain;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Russian = new(
        WorkingDayCalendar.RussianDaysOff,
        WorkingDayCalendar.RussianWorkingWeekendDays
    );

    [Fact]
    public void Ten_working_days_skip_weekends_and_the_new_year_holidays()
    {
        // Friday 25 December 2026: 28-30 December, then 31 December and 1-10 January are off, then 11-19 January.
        Russian.AddWorkingDays(new DateOnly(2026, 12, 25), 10).Should().Be(new DateOnly(2027, 1, 19));
        Russian.AddWorkingDays(new DateOnly(2027, 1, 19), 5).Should().Be(new DateOnly(2027, 1, 26));
    }

    [Fact]
    public void The_may_holidays_and_a_transferred_day_off_do_not_count()
    {
        // Thursday 30 April 2026: 1 May and 11 May are off; 4-8, 12-15 and 18 May count.
        Russian.AddWorkingDays(new DateOnly(2026, 4, 30), 10).Should().Be(new DateOnly(2026, 5, 18));
        Russian.IsWorkingDay(new DateOnly(2026, 1, 9)).Should().BeFalse("3 January's rest was moved to it");
        Russian.IsWorkingDay(new DateOnly(2026, 12, 31)).Should().BeFalse("4 January's rest was moved to it");
    }

    [Fact]
    public void A_working_saturday_counts_and_configured_days_replace_the_defaults()
    {
        Russian.IsWorkingDay(new DateOnly(2027, 11, 13)).Should().BeTrue();
        Russian.AddWorkingDays(new DateOnly(2027, 11, 3), 2).Should().Be(new DateOnly(2027, 11, 9));
        Russian.AddWorkingDays(new DateOnly(2027, 11, 12), 1).Should().Be(new DateOnly(2027, 11, 13));
        var plain = new WorkingDayCalendar([new DateOnly(2030, 1, 2)], []);
        plain.AddWorkingDays(new DateOnly(2029, 12, 31), 2).Should().Be(new DateOnly(2030, 1, 3));
        plain.SubtractWorkingDays(new DateOnly(2030, 1, 3), 2).Should().Be(new DateOnly(2029, 12, 31));
    }

    [Fact]
    public void A_request_is_due_ten_working_days_after_the_moscow_day_it_was_received_and_extends_once()
    {
        var clock = new SubjectRequestClock(Russian, 2);
        // 22:30 UTC on Sunday 7 June 2026 is already Monday 8 June in Moscow.
        var received = new DateTimeOffset(2026, 6, 7, 22, 30, 0, TimeSpan.Zero);
        var request = SubjectRequest.Register(
            Guid.CreateVersion7(),
            Guid.CreateVersion7(),
            Guid.CreateVersion7(),
            SubjectRequestKind.Access,
            [],
            SubjectRequestChannel.Cabinet,
            null,
            null,
            clock,
            received
        );
        // From Monday 8 June: 9-11, (12 June off), 15-19, 22-23 June.
        request.DueOn.Should().Be(new DateOnly(2026, 6, 23));
        request.RemindAt.Should().Be(new DateTimeOffset(2026, 6, 19, 6, 0, 0, TimeSpan.Zero), "09:00 Moscow");
        request.Extend("Нужны данные банка.", clock, received).IsSuccess.Should().BeTrue();
        request.DueOn.Should().Be(new DateOnly(2026, 6, 30));
        request.Extend("Ещё раз.", clock, received).Error!.Code.Should().Be("subject_request_state");
        request.Respond("Ответ", null, received).Error!.Code.Should().Be("subject_request_state", "not verified");
        request.Verify(SubjectVerificationMethod.EmailCode, null, received).IsSuccess.Should().BeTrue();
        request.Status.Should().Be(SubjectRequestStatus.Extended, "verifying keeps the extension in the status");
        request.Verify(SubjectVerificationMethod.EmailCode, null, received).IsSuccess.Should().BeFalse();
        request.Respond("Ответ", null, received).IsSuccess.Should().BeTrue();
        request.Close(received).IsSuccess.Should().BeTrue();
        request.Refuse("Поздно.", received).Error!.Code.Should().Be("subject_request_state");
    }
}
