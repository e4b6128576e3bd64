using System.Globalization;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;

namespace MakCrm.WebApi.Contracts;

/// <summary>A one-time code for the bot and the links that open the bot with it in Telegram and WhatsApp.</summary>
public sealed record TelegramLinkCode(string Code, string DeepLink, string? WhatsAppLink, DateTimeOffset ExpiresAt)
{
    public static TelegramLinkCode From(TelegramLinkCodeDto c) => new(c.Code, c.DeepLink, c.WhatsAppLink, c.ExpiresAt);
}

public sealed record TelegramLink(Guid Id, Guid UserId, long TelegramUserId, long ChatId, string? TelegramUsername, DateTimeOffset CreatedAt)
{
    /// <summary>A Telegram link as the API answers it: its account id is a Telegram user id, and it has a chat.</summary>
    public static TelegramLink From(MessengerLinkDto l) =>
        new(l.Id, l.UserId, long.Parse(l.AccountId, CultureInfo.InvariantCulture), l.ChatId ?? 0, l.DisplayName, l.CreatedAt);
}

public sealed record TelegramLinkList(IReadOnlyList<TelegramLink> Items)
{
    public static TelegramLinkList From(IReadOnlyList<MessengerLinkDto> links) => new(links.Select(TelegramLink.From).ToList());
}

public sealed record RedeemTelegramLinkCodeRequest
{
    public required string Code { get; init; }

    public required long TelegramUserId { get; init; }

    public required long ChatId { get; init; }

    public string? TelegramUsername { get; init; }

    public RedeemTelegramLinkCodeCommand ToCommand() => new(Code, TelegramUserId, ChatId, TelegramUsername);
}

public sealed record TelegramGroupLink(Guid Id, Guid OrganizationId, long ChatId, string Title, DateTimeOffset CreatedAt)
{
    public static TelegramGroupLink From(TelegramGroupLinkDto l) => new(l.Id, l.OrganizationId, l.ChatId, l.Title, l.CreatedAt);
}

public sealed record TelegramGroupLinkList(IReadOnlyList<TelegramGroupLink> Items)
{
    public static TelegramGroupLinkList From(IReadOnlyList<TelegramGroupLinkDto> links) => new(links.Select(TelegramGroupLink.From).ToList());
}

public sealed record RedeemTelegramGroupCodeRequest
{
    public required string Code { get; init; }

    public required long ChatId { get; init; }

    public required string Title { get; init; }

    public RedeemTelegramGroupCodeCommand ToCommand() => new(Code, ChatId, Title);
}
