using System.Globalization;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;

namespace MakCrm.WebApi.Contracts;

/// <summary>A one-time code for the bot and the links that open the bot with it in Telegram and WhatsApp.</summary>
public sealed partial record TelegramLinkCode
{
    public static TelegramLinkCode From(TelegramLinkCodeDto c) => new(c.Code, c.DeepLink, c.WhatsAppLink, c.ExpiresAt);
}

public sealed partial record TelegramLink
{
    /// <summary>A Telegram link as the API answers it: its account id is a Telegram user id, and it has a chat.</summary>
    public static TelegramLink From(MessengerLinkDto l) =>
        new(l.Id, l.UserId, long.Parse(l.AccountId, CultureInfo.InvariantCulture), l.ChatId ?? 0, l.DisplayName, l.CreatedAt);
}

public sealed partial record TelegramLinkList
{
    public static TelegramLinkList From(IReadOnlyList<MessengerLinkDto> links) => new(links.Select(TelegramLink.From).ToList());
}

public sealed partial record RedeemTelegramLinkCodeRequest
{
    public RedeemTelegramLinkCodeCommand ToCommand() => new(Code, TelegramUserId, ChatId, TelegramUsername);
}

public sealed partial record TelegramGroupLink
{
    public static TelegramGroupLink From(TelegramGroupLinkDto l) => new(l.Id, l.OrganizationId, l.ChatId, l.Title, l.CreatedAt);
}

public sealed partial record TelegramGroupLinkList
{
    public static TelegramGroupLinkList From(IReadOnlyList<TelegramGroupLinkDto> links) => new(links.Select(TelegramGroupLink.From).ToList());
}

public sealed partial record RedeemTelegramGroupCodeRequest
{
    public RedeemTelegramGroupCodeCommand ToCommand() => new(Code, ChatId, Title);
}
