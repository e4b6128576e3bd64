using System.Globalization;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class TelegramMappings
{
    extension(TelegramLink)
    {
        /// <summary>A Telegram link as the API answers it: its account id is a Telegram user id, and it has a
        /// chat.</summary>
        public static TelegramLink From(MessengerLinkDto l) =>
            new(
                l.Id,
                l.UserId,
                long.Parse(l.AccountId, CultureInfo.InvariantCulture),
                l.ChatId ?? 0,
                l.DisplayName,
                l.CreatedAt
            );
    }

    extension(TelegramLinkList)
    {
        public static TelegramLinkList From(IReadOnlyList<MessengerLinkDto> links) =>
            new(links.Select(TelegramLink.From).ToList());
    }
}
