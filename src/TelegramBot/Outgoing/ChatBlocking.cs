using MakCrm.Client;
using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Outgoing;

/// <summary>
/// A chat that refuses the bot (Telegram's 403, or a <c>my_chat_member</c> update to <c>kicked</c> or <c>left</c>): the
/// bot stops writing to it and removes its link through the API (the bot's own DELETE) — a private chat's Telegram
/// user's, a group's link to its organization — so the CRM stops counting on it. Writing to the bot again clears the
/// mark; linking again needs a new code.
/// </summary>
public sealed class ChatBlocking(
    BotDatabase database,
    IMakCrmApiClient crm,
    Groups groups,
    ILogger<ChatBlocking> logger
)
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

        try
        {
            if (chatId < 0)
            {
                // A group (their ids are negative): it no longer gets the organization's notifications.
                await groups.SetOrganizationAsync(ChatKeys.Telegram(chatId), null, cancellationToken);
                await crm.RemoveTelegramGroupLinkAsync(chatId, cancellationToken);
                logger.LogInformation("Removed the link of Telegram group {ChatId}, which the bot left", chatId);
                return;
            }

            // In a private chat the chat id is the user's Telegram id.
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
