using MakCrm.Client;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// A chat that refuses the bot (Telegram's 403, or a <c>my_chat_member</c> update to <c>kicked</c>): the bot stops
/// writing to it and, for a private chat, removes the Telegram user's link through the API (the bot's own DELETE), so
/// the CRM stops counting on it. Writing to the bot again clears the mark; linking again needs a new code.
/// </summary>
public sealed class ChatBlocking(BotDatabase database, IMakCrmApiClient crm, ILogger<ChatBlocking> logger)
{
    public async Task BlockedAsync(long chatId, CancellationToken cancellationToken)
    {
        await using (
            var command = database.DataSource.CreateCommand(
                $"""
                INSERT INTO {database.Table("chats")} (chat_key, blocked_at) VALUES ($1, now())
                ON CONFLICT (chat_key) DO UPDATE SET blocked_at = now(), updated_at = now()
                """
            )
        )
        {
            command.Parameters.AddWithValue(ChatKeys.Telegram(chatId));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (chatId <= 0)
        {
            return; // a group: its link belongs to the organization's owner, who removes it in the cabinet
        }

        // In a private chat the chat id is the user's Telegram id.
        try
        {
            await crm.RemoveTelegramLinkAsync(chatId, cancellationToken);
            logger.LogInformation("Removed the link of Telegram user {TelegramUserId}, who blocked the bot", chatId);
        }
        catch (MakCrmApiException e) when (e.StatusCode == 404)
        {
            // Not linked (any more): nothing to remove.
        }
    }

    /// <summary>The chat writes to the bot again (or unblocked it): messages to it are sent again.</summary>
    public async Task UnblockedAsync(string chatKey, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            $"UPDATE {database.Table("chats")} SET blocked_at = NULL, updated_at = now() WHERE chat_key = $1 AND "
                + $"blocked_at IS NOT NULL"
        );
        command.Parameters.AddWithValue(chatKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
