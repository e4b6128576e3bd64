using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class WhatsAppMappings
{
    /// <summary>A WhatsApp account linked to a user: its <c>wa_id</c> is the chat the bot writes to.</summary>
    extension(WhatsAppLink)
    {
        public static WhatsAppLink From(MessengerLinkDto l) =>
            new(l.Id, l.UserId, l.AccountId, l.DisplayName, l.CreatedAt);
    }

    extension(WhatsAppLinkList)
    {
        public static WhatsAppLinkList From(IReadOnlyList<MessengerLinkDto> links) =>
            new(links.Select(WhatsAppLink.From).ToList());
    }
}
