using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;

namespace MakCrm.WebApi.Contracts;

/// <summary>A WhatsApp account linked to a user: its <c>wa_id</c> is the chat the bot writes to.</summary>
public sealed record WhatsAppLink(Guid Id, Guid UserId, string WaId, string? ProfileName, DateTimeOffset CreatedAt)
{
    public static WhatsAppLink From(MessengerLinkDto l) => new(l.Id, l.UserId, l.AccountId, l.DisplayName, l.CreatedAt);
}

public sealed record WhatsAppLinkList(IReadOnlyList<WhatsAppLink> Items)
{
    public static WhatsAppLinkList From(IReadOnlyList<MessengerLinkDto> links) => new(links.Select(WhatsAppLink.From).ToList());
}

public sealed record RedeemWhatsAppLinkCodeRequest
{
    public required string Code { get; init; }

    public required string WaId { get; init; }

    public string? ProfileName { get; init; }

    public RedeemWhatsAppLinkCodeCommand ToCommand() => new(Code, WaId, ProfileName);
}
