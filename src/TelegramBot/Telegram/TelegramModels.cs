using System.Text.Json;
using System.Text.Json.Serialization;

namespace MakCrm.TelegramBot.Telegram;

// The Bot API's objects the bot reads and writes, as the Bot API names them (snake_case through TelegramJson).
// Unknown fields are ignored: Telegram adds fields in every version.

public sealed record TgUser(
    long Id,
    bool IsBot,
    string FirstName,
    string? LastName = null,
    string? Username = null,
    string? LanguageCode = null
);

public sealed record TgChat(
    long Id,
    string Type,
    string? Title = null,
    string? Username = null,
    string? FirstName = null,
    string? LastName = null
);

public sealed record TgContact(string PhoneNumber, string FirstName, string? LastName = null, long? UserId = null);

public sealed record TgMessage(
    long MessageId,
    TgChat Chat,
    long Date,
    TgUser? From = null,
    string? Text = null,
    TgInlineKeyboardMarkup? ReplyMarkup = null,
    TgContact? Contact = null,
    JsonElement? Sticker = null,
    JsonElement? Photo = null,
    JsonElement? Document = null,
    JsonElement? Voice = null
);

public sealed record TgCallbackQuery(
    string Id,
    TgUser From,
    string? ChatInstance = null,
    TgMessage? Message = null,
    string? Data = null
);

public sealed record TgChatMember(string Status, TgUser User);

public sealed record TgChatMemberUpdated(
    TgChat Chat,
    TgUser From,
    long Date,
    TgChatMember OldChatMember,
    TgChatMember NewChatMember
);

public sealed record TgUpdate(
    long UpdateId,
    TgMessage? Message = null,
    TgCallbackQuery? CallbackQuery = null,
    TgChatMemberUpdated? MyChatMember = null
);

public sealed record TgInlineKeyboardButton(string Text, string? CallbackData = null, string? Url = null);

public sealed record TgInlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<TgInlineKeyboardButton>> InlineKeyboard);

public sealed record TgResponseParameters(int? RetryAfter = null, long? MigrateToChatId = null);

public sealed record TgResponse<T>(
    bool Ok,
    T? Result = default,
    int? ErrorCode = null,
    string? Description = null,
    TgResponseParameters? Parameters = null
);

public sealed record GetUpdatesRequest(long? Offset, int? Limit, int? Timeout, IReadOnlyList<string>? AllowedUpdates);

public sealed record SendMessageRequest(long ChatId, string Text, TgInlineKeyboardMarkup? ReplyMarkup = null);

public sealed record EditMessageTextRequest(
    long ChatId,
    long MessageId,
    string Text,
    TgInlineKeyboardMarkup? ReplyMarkup = null
);

public sealed record AnswerCallbackQueryRequest(string CallbackQueryId, string? Text = null, bool? ShowAlert = null);

public sealed record SetWebhookRequest(
    string Url,
    string? SecretToken,
    IReadOnlyList<string>? AllowedUpdates,
    bool? DropPendingUpdates = null
);

public sealed record DeleteWebhookRequest(bool? DropPendingUpdates = null);

/// <summary>The Bot API's JSON: snake_case names, nulls left out, unknown fields ignored.</summary>
public static class TelegramJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
