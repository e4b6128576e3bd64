using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;

namespace MakCrm.WebApi.Contracts;

/// <summary>A one-time code for the bot and the deep link that opens the bot with it.</summary>
public sealed record TelegramLinkCode(string Code, string DeepLink, DateTimeOffset ExpiresAt)
{
    public static TelegramLinkCode From(TelegramLinkCodeDto c) => new(c.Code, c.DeepLink, c.ExpiresAt);
}

public sealed record TelegramLink(Guid Id, Guid UserId, long TelegramUserId, long ChatId, string? TelegramUsername, DateTimeOffset CreatedAt)
{
    public static TelegramLink From(TelegramLinkDto l) => new(l.Id, l.UserId, l.TelegramUserId, l.ChatId, l.TelegramUsername, l.CreatedAt);
}

public sealed record TelegramLinkList(IReadOnlyList<TelegramLink> Items)
{
    public static TelegramLinkList From(IReadOnlyList<TelegramLinkDto> links) => new(links.Select(TelegramLink.From).ToList());
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
