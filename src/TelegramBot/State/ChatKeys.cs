namespace MakCrm.TelegramBot.State;

/// <summary>A chat's key across transports: <c>tg:&lt;chat id&gt;</c>, <c>wa:&lt;phone&gt;</c>.</summary>
public static class ChatKeys
{
    public static string Telegram(long chatId) => $"tg:{chatId}";

    public static string WhatsApp(string waId) => $"wa:{waId}";
}
