using System.Globalization;

namespace MakCrm.TelegramBot.Conversations;

// The reader's time zone: Russia's zones keep one offset all year, so a chat keeps its offset from UTC and every time
// the bot writes is shown in it, named as Russians name the zones (МСК, МСК+2). Moscow time until the user
// chooses.
public sealed partial class ConversationEngine
{
    /// <summary>Moscow's offset, the zone a chat reads times in until its user chooses another.</summary>
    public static readonly TimeSpan MoscowOffset = TimeSpan.FromHours(3);

    /// <summary>Russia's zones, Kaliningrad (МСК−1) to Kamchatka (МСК+9), as offsets from UTC in
    /// hours.</summary>
    private static readonly int[] ZoneHours = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    /// <summary><c>/timezone</c>: the zones as buttons, the chat's own marked.</summary>
    private async Task ShowTimeZonesAsync(ChatContext chat)
    {
        var rows = ZoneHours
            .Select(h => TimeSpan.FromHours(h))
            .Select(offset => new Choice(
                (offset == chat.Session.Offset ? "✅ " : "") + ZoneName(offset),
                Actions.TimeZone,
                ((int)offset.TotalMinutes).ToString(CultureInfo.InvariantCulture)
            ))
            .Chunk(3)
            .ToList();
        await chat.ReplyAsync(
            string.Format(CultureInfo.InvariantCulture, Texts.AskTimeZone, ZoneName(chat.Session.Offset)),
            rows
        );
    }

    private async Task SetTimeZoneAsync(ChatContext chat, string? argument)
    {
        if (
            !int.TryParse(argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var minutes)
            || !ZoneHours.Contains(minutes / 60)
            || minutes % 60 != 0
        )
        {
            await chat.ReplyAsync(Texts.StaleButton);
            return;
        }

        chat.Session.Offset = TimeSpan.FromMinutes(minutes);
        await chat.ReplyAsync(
            string.Format(CultureInfo.InvariantCulture, Texts.TimeZoneSet, ZoneName(chat.Session.Offset)),
            [
                [new Choice(Texts.MenuButton, Actions.Menu)],
            ]
        );
    }

    /// <summary>A zone as Russians name it: <c>МСК</c>, <c>МСК+2</c>, <c>МСК−1</c>.</summary>
    public static string ZoneName(TimeSpan offset)
    {
        var hours = (int)(offset - MoscowOffset).TotalHours;
        return hours switch
        {
            0 => "МСК",
            > 0 => $"МСК+{hours.ToString(CultureInfo.InvariantCulture)}",
            _ => $"МСК−{(-hours).ToString(CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>A moment in the chat's zone, e.g. <c>27.11 14:05</c>, with the zone's name when
    /// <paramref name="named"/>.</summary>
    private static string When(ChatContext chat, DateTimeOffset at, string format = "dd.MM HH:mm", bool named = false)
    {
        var local = at.ToOffset(chat.Session.Offset).ToString(format, CultureInfo.InvariantCulture);
        return named ? $"{local} ({ZoneName(chat.Session.Offset)})" : local;
    }
}

public static partial class Actions
{
    public const string TimeZone = "timezone";
}
