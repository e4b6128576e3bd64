using System.Globalization;

namespace MakCrm.TelegramBot.State;

/// <summary>A chat's key across transports: <c>tg:&lt;chat id&gt;</c>, <c>wa:&lt;wa_id&gt;</c>; its prefix is the
/// transport's channel.</summary>
public static class ChatKeys
{
    public const string TelegramChannel = "tg";
    public const string WhatsAppChannel = "wa";

    public static string Telegram(long chatId) => $"{TelegramChannel}:{chatId.ToString(CultureInfo.InvariantCulture)}";

    public static string WhatsApp(string waId) => $"{WhatsAppChannel}:{waId}";

    /// <summary>The channel a chat key belongs to (the part before the colon).</summary>
    public static string ChannelOf(string chatKey) => chatKey[..chatKey.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>The chat's id within its channel (the part after the colon).</summary>
    public static string IdOf(string chatKey) => chatKey[(chatKey.IndexOf(':', StringComparison.Ordinal) + 1)..];
}

/// <summary>
/// The messenger account behind a chat, as the API links it: the transport's channel and the account's id there (a
/// Telegram user id in decimal, a WhatsApp <c>wa_id</c>).
/// </summary>
public sealed record ChatAccount(string Channel, string Id)
{
    public static ChatAccount Telegram(long userId) =>
        new(ChatKeys.TelegramChannel, userId.ToString(CultureInfo.InvariantCulture));

    public static ChatAccount WhatsApp(string waId) => new(ChatKeys.WhatsAppChannel, waId);

    /// <summary>A WhatsApp chat is its account; a Telegram chat's account is its sender, known from the
    /// update.</summary>
    public static ChatAccount? OfWhatsAppChat(string chatKey) =>
        ChatKeys.ChannelOf(chatKey) == ChatKeys.WhatsAppChannel ? WhatsApp(ChatKeys.IdOf(chatKey)) : null;
}
