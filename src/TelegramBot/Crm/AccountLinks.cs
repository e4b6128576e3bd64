using System.Globalization;
using MakCrm.Client;
using MakCrm.TelegramBot.State;

namespace MakCrm.TelegramBot.Crm;

/// <summary>
/// The API's links of messenger accounts, asked as the bot's own client (<c>telegram.bot</c>): Telegram accounts
/// through
/// the Telegram operations, WhatsApp accounts through the WhatsApp ones. The flows see only a
/// <see cref="ChatAccount"/>.
/// </summary>
public sealed class AccountLinks(IMakCrmApiClient bot)
{
    /// <summary>The CRM user the account is linked to, or null when it is not linked.</summary>
    public async Task<Guid?> LinkedUserAsync(ChatAccount account, CancellationToken cancellationToken)
    {
        try
        {
            return account.Channel == ChatKeys.WhatsAppChannel
                ? (await bot.GetWhatsAppLinkAsync(account.Id, cancellationToken)).Result.UserId
                : (await bot.GetTelegramLinkAsync(TelegramUserId(account), cancellationToken)).Result.UserId;
        }
        catch (MakCrmApiException e) when (e.StatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Redeems a user's link code for the account that sent it in <paramref name="chatKey"/>; answers the linked user.
    /// The API's refusal (an unknown, spent or expired code) is its <see cref="MakCrmApiException"/>.
    /// </summary>
    public async Task<Guid> RedeemAsync(
        ChatAccount account,
        string chatKey,
        string code,
        string? displayName,
        CancellationToken cancellationToken
    ) => account.Channel == ChatKeys.WhatsAppChannel ? (
                await bot.RedeemWhatsAppLinkCodeAsync(
                    new RedeemWhatsAppLinkCodeRequest
                    {
                        Code = code,
                        WaId = account.Id,
                        ProfileName = displayName,
                    },
                    cancellationToken
                )
            ).Result.UserId : (
                await bot.RedeemTelegramLinkCodeAsync(
                    new RedeemTelegramLinkCodeRequest
                    {
                        Code = code,
                        TelegramUserId = TelegramUserId(account),
                        ChatId = long.Parse(ChatKeys.IdOf(chatKey), CultureInfo.InvariantCulture),
                        TelegramUsername = displayName,
                    },
                    cancellationToken
                )
            ).Result.UserId;

    private static long TelegramUserId(ChatAccount account) => long.Parse(account.Id, CultureInfo.InvariantCulture);
}
