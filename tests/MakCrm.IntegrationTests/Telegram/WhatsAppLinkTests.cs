using System.Net;
using System.Net.Http.Json;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Telegram;

/// <summary>
/// WhatsApp accounts linked with the same one-time codes as Telegram's, over real HTTP and PostgreSQL: the bot
/// redeeming a code for a <c>wa_id</c>, the token exchange with the WhatsApp subject token type, the ways a link or its
/// tokens stop working, and the two messengers' links kept apart.
/// </summary>
public sealed class WhatsAppLinkTests(ApiServerFixture server) : MessengerLinkTest(server)
{
    [Fact]
    public async Task A_linked_whatsapp_account_s_token_acts_as_the_user_with_the_bot_as_actor()
    {
        var bot = await Bot();
        var (userId, user) = await NewPartnerUser();
        var waId = NextWaId();

        var link = await ExpectJson(await RedeemWhatsApp(bot, await Code(user), waId), HttpStatusCode.Created);
        link["userId"]!.GetValue<string>().Should().Be(userId.ToString());
        link["waId"]!.GetValue<string>().Should().Be(waId);
        link["profileName"]!.GetValue<string>().Should().Be("Иван Петров");
        Id(await ExpectJson(await bot.Http.GetAsync($"/api/v1/whatsapp/links/{waId}"), HttpStatusCode.OK)).Should().Be(Id(link));
        (await ExpectJson(await user.GetAsync("/api/v1/me/whatsapp-links"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => Id(l!.AsObject())).Should().Equal(Id(link));
        (await ExpectJson(await user.GetAsync("/api/v1/me/telegram-links"), HttpStatusCode.OK))["items"]!.AsArray()
            .Should().BeEmpty("a WhatsApp link is not a Telegram link");

        var tokens = await ExpectJson(await Exchange(bot, waId, WhatsAppIdType), HttpStatusCode.OK);
        tokens["expires_in"]!.GetValue<int>().Should().Be(300);
        tokens["refresh_token"].Should().BeNull();
        var access = tokens["access_token"]!.GetValue<string>();
        var claims = Claims(access);
        claims["sub"]!.GetValue<string>().Should().Be(userId.ToString());
        claims["act"]!["sub"]!.GetValue<string>().Should().Be(bot.ClientId);
        claims["sid"]!.GetValue<string>().Should().Be(Id(link));

        using var asUser = Server.CreateHttpClient(access);
        var submitted = await ExpectJson(await asUser.PostAsJsonAsync("/api/v1/lead-submissions", new { fullName = "Петров Пётр Петрович", phone = UniquePhone(), source = "partner" }), HttpStatusCode.Created);
        var leadId = Guid.Parse(submitted["lead"]!["id"]!.GetValue<string>());
        var audited = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Infrastructure.Auditing.AuditEvent>().AsNoTracking()
            .Where(e => e.EntityId == leadId).Select(e => new { e.ActorUserId, e.ActorClientId }).ToListAsync());
        audited.Should().NotBeEmpty().And.OnlyContain(e => e.ActorUserId == userId && e.ActorClientId == bot.ClientId);
        // The bot may read leads and their clients for the user, never deals.
        await ExpectProblem(await asUser.GetAsync("/api/v1/deals"), HttpStatusCode.Forbidden, "forbidden");

        // The same digits as a Telegram user id are another account: nothing is linked there.
        await ExpectOAuthError(await Exchange(bot, waId, TelegramUserIdType), 400, "invalid_grant");
    }

    [Fact]
    public async Task A_code_works_once_in_either_messenger_and_unknown_expired_and_used_codes_get_one_answer()
    {
        var bot = await Bot();
        var (_, user) = await NewPartnerUser();
        var waId = NextWaId();
        var code = await Code(user);
        var link = await ExpectJson(await RedeemWhatsApp(bot, code, waId), HttpStatusCode.Created);

        // A redelivered webhook: the same bot, the same code, the same account answers the same link.
        Id(await ExpectJson(await RedeemWhatsApp(bot, code, waId), HttpStatusCode.Created)).Should().Be(Id(link));

        var expired = await Code(user);
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Infrastructure.Telegram.TelegramLinkCode>()
            .Where(c => c.CodeHash == SecretHash.Of(expired)).ExecuteUpdateAsync(c => c.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        var attempts = new[]
        {
            RedeemWhatsApp(bot, code, NextWaId()),                                                           // used, another account
            bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(code, NextTelegramUserId())),       // used, in Telegram
            RedeemWhatsApp(bot, "lk_unknown", NextWaId()),
            RedeemWhatsApp(bot, expired, NextWaId()),
        };
        var details = new List<string>();
        foreach (var attempt in attempts)
        {
            details.Add((await ExpectProblem(await attempt, HttpStatusCode.UnprocessableEntity, "telegram_link_code_invalid"))["detail"]!.GetValue<string>());
        }

        details.Distinct().Should().ContainSingle();

        // A code spent in Telegram does not link WhatsApp either.
        var telegramFirst = await Code(user);
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(telegramFirst, NextTelegramUserId())), HttpStatusCode.Created);
        await ExpectProblem(await RedeemWhatsApp(bot, telegramFirst, NextWaId()), HttpStatusCode.UnprocessableEntity, "telegram_link_code_invalid");
    }

    [Fact]
    public async Task A_malformed_wa_id_is_a_field_error_and_a_bad_subject_token_is_invalid_request()
    {
        var bot = await Bot();
        var (_, user) = await NewPartnerUser();
        var problem = await ExpectProblem(await RedeemWhatsApp(bot, await Code(user), "+7 916 123-45-67"), HttpStatusCode.BadRequest, "validation_failed");
        problem["errors"]!.AsObject().Select(e => e.Key).Should().Contain("waId");
        await ExpectOAuthError(await Exchange(bot, "not-a-number", WhatsAppIdType), 400, "invalid_request");
        await ExpectOAuthError(await Exchange(bot, NextWaId(), "urn:mak:params:oauth:token-type:viber-id"), 400, "invalid_request");
    }

    [Fact]
    public async Task Without_a_link_the_exchange_is_invalid_grant_and_removing_a_link_stops_its_tokens_at_once()
    {
        var bot = await Bot();
        await ExpectOAuthError(await Exchange(bot, NextWaId(), WhatsAppIdType), 400, "invalid_grant");
        await ExpectProblem(await bot.Http.GetAsync($"/api/v1/whatsapp/links/{NextWaId()}"), HttpStatusCode.NotFound, "not_found");

        var (userId, user) = await NewPartnerUser();
        var waId = NextWaId();
        var link = await ExpectJson(await RedeemWhatsApp(bot, await Code(user), waId), HttpStatusCode.Created);
        var access = (await ExpectJson(await Exchange(bot, waId, WhatsAppIdType), HttpStatusCode.OK))["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A WhatsApp link's id is not a Telegram link of the user: that endpoint does not remove it.
        await ExpectProblem(await user.DeleteAsync($"/api/v1/me/telegram-links/{Id(link)}"), HttpStatusCode.NotFound, "not_found");
        (await user.DeleteAsync($"/api/v1/me/whatsapp-links/{Id(link)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await ExpectOAuthError(await Exchange(bot, waId, WhatsAppIdType), 400, "invalid_grant");
        await ExpectProblem(await bot.Http.GetAsync($"/api/v1/whatsapp/links/{waId}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await user.DeleteAsync($"/api/v1/me/whatsapp-links/{Id(link)}"), HttpStatusCode.NotFound, "not_found");

        // Head office lists and removes a user's WhatsApp links.
        var again = await ExpectJson(await RedeemWhatsApp(bot, await Code(user), waId), HttpStatusCode.Created);
        (await ExpectJson(await Http.GetAsync($"/api/v1/users/{userId}/whatsapp-links"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => Id(l!.AsObject())).Should().Equal(Id(again));
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await alpha.GetAsync($"/api/v1/users/{userId}/whatsapp-links"), HttpStatusCode.Forbidden, "forbidden");
        (await Http.DeleteAsync($"/api/v1/users/{userId}/whatsapp-links/{Id(again)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectOAuthError(await Exchange(bot, waId, WhatsAppIdType), 400, "invalid_grant");
    }

    [Fact]
    public async Task A_user_deactivated_after_the_exchange_loses_the_token_at_once_and_gets_no_new_one()
    {
        var bot = await Bot();
        var (userId, user) = await NewPartnerUser();
        var waId = NextWaId();
        await ExpectJson(await RedeemWhatsApp(bot, await Code(user), waId), HttpStatusCode.Created);
        var access = (await ExpectJson(await Exchange(bot, waId, WhatsAppIdType), HttpStatusCode.OK))["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Http.PostAsync($"/api/v1/users/{userId}/deactivation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await ExpectOAuthError(await Exchange(bot, waId, WhatsAppIdType), 400, "invalid_grant");
    }

    [Fact]
    public async Task Linking_a_whatsapp_account_again_moves_it_and_rotating_the_bot_s_secret_keeps_it()
    {
        var bot = await Bot();
        var (_, first) = await NewPartnerUser();
        var (secondId, second) = await NewPartnerUser();
        var waId = NextWaId();
        await ExpectJson(await RedeemWhatsApp(bot, await Code(first), waId), HttpStatusCode.Created);
        await ExpectJson(await RedeemWhatsApp(bot, await Code(second), waId), HttpStatusCode.Created);
        (await ExpectJson(await first.GetAsync("/api/v1/me/whatsapp-links"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();

        const string rotated = "the-bot-s-new-secret";
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Infrastructure.Identity.ApiClient>()
            .Where(c => c.ClientId == bot.ClientId).ExecuteUpdateAsync(c => c.SetProperty(x => x.SecretHash, SecretHash.Of(rotated))));
        await ExpectOAuthError(await Exchange(bot, waId, WhatsAppIdType), 401, "invalid_client");
        var tokens = await ExpectJson(await Exchange(bot with { Secret = rotated }, waId, WhatsAppIdType), HttpStatusCode.OK);
        Claims(tokens["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>().Should().Be(secondId.ToString());
    }

    [Fact]
    public async Task Only_the_bot_s_client_redeems_and_looks_up_whatsapp_links()
    {
        var bot = await Bot();
        var (_, user) = await NewPartnerUser();
        var waId = NextWaId();
        await ExpectJson(await RedeemWhatsApp(bot, await Code(user), waId), HttpStatusCode.Created);

        var platform = await Bot([Permissions.LeadsReadAll]);
        await ExpectProblem(await RedeemWhatsApp(platform, await Code(user), NextWaId()), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await platform.Http.GetAsync($"/api/v1/whatsapp/links/{waId}"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectOAuthError(await Exchange(platform, waId, WhatsAppIdType), 400, "unauthorized_client");
        await ExpectProblem(await user.GetAsync($"/api/v1/whatsapp/links/{waId}"), HttpStatusCode.Forbidden, "forbidden");
    }
}
