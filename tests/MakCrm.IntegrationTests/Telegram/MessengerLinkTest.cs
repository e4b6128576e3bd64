using System.Net;
using System.Net.Http.Json;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Telegram;

/// <summary>
/// What the messenger link tests share: the bot's API client, a partner user of Alpha with its own sign-in, link codes
/// from the cabinet, redemptions on either messenger and the token exchange for a linked account.
/// </summary>
public abstract class MessengerLinkTest(ApiServerFixture server) : AuthTest(server)
{
    protected const string BotSecret = "secret-of-the-telegram-bot-test-client";
    protected const string ExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    protected const string TelegramUserIdType = "urn:mak:params:oauth:token-type:telegram-user-id";
    protected const string WhatsAppIdType = "urn:mak:params:oauth:token-type:whatsapp-id";

    private static long _telegramUserId = 5_213_344_556 + Environment.ProcessId % 1000 * 100_000;

    private static long _waId = 79_160_000_000 + Environment.ProcessId % 1000 * 100_000;

    protected static long NextTelegramUserId() => Interlocked.Increment(ref _telegramUserId);

    /// <summary>A new WhatsApp account's <c>wa_id</c> (a Russian mobile number, digits only).</summary>
    protected static string NextWaId() => Interlocked.Increment(ref _waId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected sealed record BotClient(string ClientId, string Secret, HttpClient Http);

    /// <summary>An API client of head office with the given scopes (the bot's by default) and a client signed in with its token.</summary>
    protected async Task<BotClient> Bot(string[]? scopes = null)
    {
        var clientId = $"tg-bot-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, BotSecret, Organization.HeadOfficeId, scopes ?? [Permissions.TelegramBot]);
        var tokens = await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, BotSecret)));
        return new BotClient(clientId, BotSecret, Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>()));
    }

    protected async Task<(Guid Id, HttpClient Http)> NewPartnerUser()
    {
        var email = $"tg-{Guid.NewGuid():N}@test.mak";
        var user = await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        return (user.Id, Server.CreateHttpClient((await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>()));
    }

    protected static async Task<string> Code(HttpClient user) =>
        (await ExpectJson(await PostEmpty(user, "/api/v1/me/telegram-link-codes"), HttpStatusCode.Created))["code"]!.GetValue<string>();

    protected static Task<HttpResponseMessage> PostEmpty(HttpClient client, string url, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    protected static object Redemption(string code, long telegramUserId) => new { code, telegramUserId, chatId = telegramUserId, telegramUsername = "ivanpetrov" };

    protected static Task<HttpResponseMessage> RedeemWhatsApp(BotClient bot, string code, string waId) =>
        bot.Http.PostAsJsonAsync("/api/v1/whatsapp/links", new { code, waId, profileName = "Иван Петров" });

    protected Task<HttpResponseMessage> Exchange(BotClient bot, long telegramUserId, string? scope = null) =>
        Exchange(bot, telegramUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), TelegramUserIdType, scope);

    protected Task<HttpResponseMessage> Exchange(BotClient bot, string subjectToken, string subjectTokenType, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = ExchangeGrant,
            ["subject_token"] = subjectToken,
            ["subject_token_type"] = subjectTokenType,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return TokenRequest(form, Basic(bot.ClientId, bot.Secret));
    }
}
