using System.Globalization;
using System.Text;

namespace MakCrm.Application.Calendars;

/// <summary>
/// One entry of a personal calendar feed, whatever its source (a task, a training event the user registered for):
/// the feed is built from the items every <see cref="ICalendarSource"/> returns.
/// </summary>
/// <param name="Uid">Stable per source record, so that calendar applications update the entry instead of adding
/// one.</param>
public sealed record CalendarItem(
    string Uid,
    string Summary,
    string? Description,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset LastModified,
    string? Location = null,
    string? Url = null
);

/// <summary>A source of a user's calendar items.</summary>
public interface ICalendarSource
{
    Task<IReadOnlyList<CalendarItem>> ItemsForAsync(
        Guid userId,
        DateTimeOffset now,
        CancellationToken cancellationToken
    );
}

/// <summary>
/// Writes an iCalendar (RFC 5545) document: CRLF line ends, content lines folded at 75 octets without splitting a
/// UTF-8 character, TEXT values escaped (backslash, semicolon, comma, line breaks), times in UTC. Each item is a
/// VEVENT, which every calendar application shows (many ignore VTODO).
/// </summary>
public static class ICalendar
{
    private const int MaxLineOctets = 75;

    public static string Write(string calendarName, IEnumerable<CalendarItem> items, DateTimeOffset stamp)
    {
        var text = new StringBuilder();
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//MaK CRM//Calendar feed//RU");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "METHOD:PUBLISH");
        Line(text, "X-WR-CALNAME:" + Escape(calendarName));
        foreach (var item in items)
        {
            Line(text, "BEGIN:VEVENT");
            Line(text, "UID:" + Escape(item.Uid));
            Line(text, "DTSTAMP:" + Time(stamp));
            Line(text, "DTSTART:" + Time(item.Start));
            Line(text, "DTEND:" + Time(item.End > item.Start ? item.End : item.Start));
            Line(text, "LAST-MODIFIED:" + Time(item.LastModified));
            Line(text, "SUMMARY:" + Escape(item.Summary));
            if (!string.IsNullOrEmpty(item.Description))
            {
                Line(text, "DESCRIPTION:" + Escape(item.Description));
            }

            if (!string.IsNullOrEmpty(item.Location))
            {
                Line(text, "LOCATION:" + Escape(item.Location));
            }

            if (!string.IsNullOrEmpty(item.Url))
            {
                // URL is a URI value (RFC 5545 3.8.4.6), not TEXT: it is written as it is.
                Line(text, "URL:" + item.Url);
            }

            Line(text, "END:VEVENT");
        }

        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    /// <summary>A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as <c>\n</c>, other
    /// controls dropped.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\':
                    escaped.Append(@"\\");
                    break;
                case ';':
                    escaped.Append(@"\;");
                    break;
                case ',':
                    escaped.Append(@"\,");
                    break;
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    escaped.Append(@"\n");
                    break;
                case '\t':
                    escaped.Append(' ');
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>A content line folded (RFC 5545 3.1): at most 75 octets per physical line, continuations start with a
    /// space.</summary>
    public static string Fold(string line)
    {
        var folded = new StringBuilder(line.Length + 8);
        var octets = 0;
        var limit = MaxLineOctets;
        for (var i = 0; i < line.Length; i++)
        {
            // A surrogate pair is one character of four octets: it is never split.
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                folded.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1;
            }

            folded.Append(line, i, length);
            octets += size;
            i += length - 1;
        }

        return folded.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(Fold(line)).Append("\r\n");

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
