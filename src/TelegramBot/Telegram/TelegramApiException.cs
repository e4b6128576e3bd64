namespace MakCrm.TelegramBot.Telegram;

/// <summary>A Bot API answer with <c>ok: false</c> (or a non-JSON failure), with its code and response
/// parameters.</summary>
public sealed class TelegramApiException(
    int errorCode,
    string? description,
    int? retryAfter = null,
    long? migrateToChatId = null
) : Exception($"Telegram answered {errorCode}: {description}")
{
    public int ErrorCode { get; } = errorCode;

    public string? Description { get; } = description;

    /// <summary>Flood control: wait this many seconds before any further request.</summary>
    public int? RetryAfter { get; } = retryAfter;

    public long? MigrateToChatId { get; } = migrateToChatId;

    /// <summary>The user blocked the bot, deleted the account, or the bot was removed from the group.</summary>
    public bool IsForbidden => ErrorCode == 403;

    public bool IsTooManyRequests => ErrorCode == 429;

    /// <summary>The edit would change nothing: as good as done.</summary>
    public bool IsMessageNotModified =>
        ErrorCode == 400
        && Description?.Contains("message is not modified", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A callback query answered too late or twice: nothing to do.</summary>
    public bool IsQueryTooOld =>
        ErrorCode == 400 && Description?.Contains("query is too old", StringComparison.OrdinalIgnoreCase) == true;
}
