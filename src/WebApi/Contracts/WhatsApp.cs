using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;

namespace MakCrm.WebApi.Contracts;

/// <summary>A WhatsApp account linked to a user: its <c>wa_id</c> is the chat the bot writes to.</summary>
public sealed partial record WhatsAppLink
{
    public static WhatsAppLink From(MessengerLinkDto l) => new(l.Id, l.UserId, l.AccountId, l.DisplayName, l.CreatedAt);
}

public sealed partial record WhatsAppLinkList
{
    public static WhatsAppLinkList From(IReadOnlyList<MessengerLinkDto> links) => new(links.Select(WhatsAppLink.From).ToList());
}
