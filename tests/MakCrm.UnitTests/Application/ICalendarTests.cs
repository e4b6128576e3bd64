using System.Text;
using MakCrm.Application.Calendars;

namespace MakCrm.UnitTests.Application;

public sealed class ICalendarTests
{
    [Theory]
    [InlineData("a;b,c\\d", @"a\;b\,c\\d")]
    [InlineData("line 1\r\nline 2\nline 3\rline 4", @"line 1\nline 2\nline 3\nline 4")]
    [InlineData("tab\there\u0007", "tab here")]
    public void Text_values_are_escaped(string value, string escaped) => ICalendar.Escape(value).Should().Be(escaped);

    [Fact]
    public void Lines_are_folded_at_75_octets_without_splitting_a_character()
    {
        var line = "SUMMARY:" + string.Concat(Enumerable.Repeat("Привет, мир! 😀 ", 20));
        var folded = ICalendar.Fold(line);
        var lines = folded.Split("\r\n");
        lines.Should().HaveCountGreaterThan(1);
        lines.Should().OnlyContain(l => Encoding.UTF8.GetByteCount(l) <= 75);
        lines.Skip(1).Should().OnlyContain(l => l.StartsWith(' '));
        folded.Replace("\r\n ", "").Should().Be(line);
        lines.Should().NotContain(l => l.Contains('\uFFFD'));
        ICalendar.Fold("SUMMARY:short").Should().Be("SUMMARY:short");
    }

    [Fact]
    public void A_calendar_is_crlf_terminated_with_one_vevent_per_item()
    {
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(3));
        var text = ICalendar.Write("MaK CRM", [new CalendarItem("task-1@mak-crm", "Позвонить", null, at.AddMinutes(-30), at, at)], at);
        text.Should().StartWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").And.EndWith("END:VEVENT\r\nEND:VCALENDAR\r\n");
        text.Should().Contain("DTSTART:20261201T063000Z\r\nDTEND:20261201T070000Z\r\n");
        text.Should().Contain("UID:task-1@mak-crm\r\nDTSTAMP:20261201T070000Z\r\n");
    }
}
