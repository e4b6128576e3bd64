using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Telegram;

/// <summary>
/// The Telegram bot's API side over real HTTP and PostgreSQL: a user's link code, the bot redeeming it, the token
/// exchange (RFC 8693) that lets the bot act as the user, and the ways a link or its tokens stop working; groups
/// linked to organizations.
/// </summary>
public sealed class TelegramLinkTests(ApiServerFixture server) : MessengerLinkTest(server)
{
    [Fact]
    public async Task A_linked_user_s_token_from_the_exchange_acts_as_the_user_with_the_bot_as_actor()
    {
        var bot = await Bot();
        var (userId, user) = await NewPartnerUser();
        var telegramUserId = NextTelegramUserId();

        var code = await ExpectJson(await PostEmpty(user, "/api/v1/me/telegram-link-codes", Guid.NewGuid().ToString()), HttpStatusCode.Created);
        var text = code["code"]!.GetValue<string>();
        code["deepLink"]!.GetValue<string>().Should().Be($"https://t.me/mak_crm_bot?start={text}");
        code["whatsAppLink"].Should().BeNull("the API knows no WhatsApp number of the bot here");
        code["expiresAt"]!.GetValue<DateTimeOffset>().Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(10), TimeSpan.FromMinutes(1));

        var link = await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(text, telegramUserId)), HttpStatusCode.Created);
        link["userId"]!.GetValue<string>().Should().Be(userId.ToString());
        link["telegramUserId"]!.GetValue<long>().Should().Be(telegramUserId);

        // A redelivered update: the same bot redeeming the same code answers the same link.
        var again = await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(text, telegramUserId)), HttpStatusCode.Created);
        Id(again).Should().Be(Id(link));
        Id(await ExpectJson(await bot.Http.GetAsync($"/api/v1/telegram/links/{telegramUserId}"), HttpStatusCode.OK)).Should().Be(Id(link));
        (await ExpectJson(await user.GetAsync("/api/v1/me/telegram-links"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => Id(l!.AsObject())).Should().Equal(Id(link));

        var tokens = await ExpectJson(await Exchange(bot, telegramUserId), HttpStatusCode.OK);
        tokens["issued_token_type"]!.GetValue<string>().Should().Be("urn:ietf:params:oauth:token-type:access_token");
        tokens["token_type"]!.GetValue<string>().Should().Be("Bearer");
        tokens["expires_in"]!.GetValue<int>().Should().Be(300);
        tokens["refresh_token"].Should().BeNull();
        tokens["scope"]!.GetValue<string>().Split(' ').Should().BeEquivalentTo(
            Permissions.LeadsReadOwn, Permissions.ClientsReadOwn, Permissions.LeadsWrite, Permissions.NotificationsRead,
            Permissions.KnowledgeRead, Permissions.TicketsReadOwn, Permissions.TicketsCreate);
        var access = tokens["access_token"]!.GetValue<string>();
        var claims = Claims(access);
        claims["sub"]!.GetValue<string>().Should().Be(userId.ToString());
        claims["act"]!["sub"]!.GetValue<string>().Should().Be(bot.ClientId);
        claims["client_id"]!.GetValue<string>().Should().Be(bot.ClientId);

        using var asUser = Server.CreateHttpClient(access);
        (await ExpectJson(await asUser.GetAsync("/api/v1/me"), HttpStatusCode.OK))["user"]!["id"]!.GetValue<string>().Should().Be(userId.ToString());

        // What the bot does with it is done, and audited, as the user, with the bot as the client.
        var submitted = await ExpectJson(await asUser.PostAsJsonAsync("/api/v1/lead-submissions", new { fullName = "Петров Пётр Петрович", phone = UniquePhone(), source = "partner" }), HttpStatusCode.Created);
        var leadId = Guid.Parse(submitted["lead"]!["id"]!.GetValue<string>());
        var audited = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Infrastructure.Auditing.AuditEvent>().AsNoTracking()
            .Where(e => e.EntityId == leadId).Select(e => new { e.ActorUserId, e.ActorClientId }).ToListAsync());
        audited.Should().NotBeEmpty().And.OnlyContain(e => e.ActorUserId == userId && e.ActorClientId == bot.ClientId);

        // It reads the user's account but changes nothing of it, and does nothing beyond the delegated scopes.
        await ExpectProblem(await PostEmpty(asUser, "/api/v1/me/telegram-link-codes"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await asUser.GetAsync("/api/v1/deals"), HttpStatusCode.Forbidden, "forbidden");
        (await asUser.GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await asUser.GetAsync("/api/v1/clients")).StatusCode.Should()
            .Be(HttpStatusCode.OK, "leads name their clients");
    }

    [Fact]
    public async Task A_code_works_once_and_unknown_expired_and_used_codes_get_one_answer()
    {
        var bot = await Bot();
        var other = await Bot();
        var (_, user) = await NewPartnerUser();
        var used = await Code(user);
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(used, NextTelegramUserId())), HttpStatusCode.Created);

        var expired = await Code(user);
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Infrastructure.Telegram.TelegramLinkCode>()
            .Where(c => c.CodeHash == SecretHash.Of(expired)).ExecuteUpdateAsync(c => c.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));

        var details = new List<string>();
        foreach (var (sender, code) in new[] { (bot, used), (other, used), (bot, "lk_unknown"), (bot, expired) })
        {
            var problem = await ExpectProblem(await sender.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(code, NextTelegramUserId())),
                HttpStatusCode.UnprocessableEntity, "telegram_link_code_invalid");
            details.Add(problem["detail"]!.GetValue<string>());
        }

        details.Distinct().Should().ContainSingle();

        // A new code makes the user's earlier unused one stop working.
        var first = await Code(user);
        var second = await Code(user);
        await ExpectProblem(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(first, NextTelegramUserId())),
            HttpStatusCode.UnprocessableEntity, "telegram_link_code_invalid");
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(second, NextTelegramUserId())), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Linking_a_telegram_account_again_moves_it_to_the_new_user()
    {
        var bot = await Bot();
        var (_, first) = await NewPartnerUser();
        var (secondId, second) = await NewPartnerUser();
        var telegramUserId = NextTelegramUserId();
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(first), telegramUserId)), HttpStatusCode.Created);
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(second), telegramUserId)), HttpStatusCode.Created);

        (await ExpectJson(await first.GetAsync("/api/v1/me/telegram-links"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        var tokens = await ExpectJson(await Exchange(bot, telegramUserId), HttpStatusCode.OK);
        Claims(tokens["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>().Should().Be(secondId.ToString());
    }

    [Fact]
    public async Task Without_a_link_the_exchange_is_invalid_grant_and_removing_a_link_stops_its_tokens_at_once()
    {
        var bot = await Bot();
        await ExpectOAuthError(await Exchange(bot, NextTelegramUserId()), 400, "invalid_grant");

        var (_, user) = await NewPartnerUser();
        var telegramUserId = NextTelegramUserId();
        var link = await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), telegramUserId)), HttpStatusCode.Created);
        var access = (await ExpectJson(await Exchange(bot, telegramUserId), HttpStatusCode.OK))["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await user.DeleteAsync($"/api/v1/me/telegram-links/{Id(link)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await ExpectOAuthError(await Exchange(bot, telegramUserId), 400, "invalid_grant");
        await ExpectProblem(await bot.Http.GetAsync($"/api/v1/telegram/links/{telegramUserId}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await user.DeleteAsync($"/api/v1/me/telegram-links/{Id(link)}"), HttpStatusCode.NotFound, "not_found");

        // The bot ends a link when the user blocked it.
        var blocked = NextTelegramUserId();
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), blocked)), HttpStatusCode.Created);
        (await bot.Http.DeleteAsync($"/api/v1/telegram/links/{blocked}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectOAuthError(await Exchange(bot, blocked), 400, "invalid_grant");
    }

    [Fact]
    public async Task A_user_deactivated_after_the_exchange_loses_the_token_at_once_and_gets_no_new_one()
    {
        var bot = await Bot();
        var (userId, user) = await NewPartnerUser();
        var telegramUserId = NextTelegramUserId();
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), telegramUserId)), HttpStatusCode.Created);
        var access = (await ExpectJson(await Exchange(bot, telegramUserId), HttpStatusCode.OK))["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await Http.PostAsync($"/api/v1/users/{userId}/deactivation", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetWithToken("/api/v1/me", access)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await ExpectOAuthError(await Exchange(bot, telegramUserId), 400, "invalid_grant");
    }

    [Fact]
    public async Task The_scope_narrows_the_token_and_scopes_outside_the_delegated_ones_are_refused()
    {
        var bot = await Bot();
        var (_, user) = await NewPartnerUser();
        var telegramUserId = NextTelegramUserId();
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), telegramUserId)), HttpStatusCode.Created);

        var tokens = await ExpectJson(await Exchange(bot, telegramUserId, Permissions.LeadsReadOwn), HttpStatusCode.OK);
        tokens["scope"]!.GetValue<string>().Should().Be(Permissions.LeadsReadOwn);
        using var reader = Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
        (await reader.GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await reader.PostAsJsonAsync("/api/v1/lead-submissions", new { fullName = "Петров Пётр Петрович", phone = UniquePhone(), source = "partner" }),
            HttpStatusCode.Forbidden, "forbidden");

        await ExpectOAuthError(await Exchange(bot, telegramUserId, Permissions.UsersManageOwn), 400, "invalid_scope");
    }

    [Fact]
    public async Task A_client_without_the_bot_scope_can_neither_redeem_nor_exchange_and_a_wrong_secret_is_invalid_client()
    {
        var bot = await Bot();
        var (_, user) = await NewPartnerUser();
        var telegramUserId = NextTelegramUserId();
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), telegramUserId)), HttpStatusCode.Created);

        var platform = await Bot([Permissions.LeadsReadAll]);
        await ExpectProblem(await platform.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), NextTelegramUserId())), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await platform.Http.GetAsync($"/api/v1/telegram/links/{telegramUserId}"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectOAuthError(await Exchange(platform, telegramUserId), 400, "unauthorized_client");
        await ExpectOAuthError(await Exchange(bot with { Secret = "wrong" }, telegramUserId), 401, "invalid_client");
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string>
        {
            ["grant_type"] = ExchangeGrant, ["subject_token"] = telegramUserId.ToString(), ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
        }, Basic(bot.ClientId, BotSecret)), 400, "invalid_request");

        // A user's token never carries the bot's scope.
        await ExpectProblem(await user.GetAsync($"/api/v1/telegram/links/{telegramUserId}"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Rotating_the_bot_s_secret_keeps_its_links()
    {
        var bot = await Bot();
        var (_, user) = await NewPartnerUser();
        var telegramUserId = NextTelegramUserId();
        await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), telegramUserId)), HttpStatusCode.Created);

        const string rotated = "the-bot-s-new-secret";
        await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Infrastructure.Identity.ApiClient>()
            .Where(c => c.ClientId == bot.ClientId).ExecuteUpdateAsync(c => c.SetProperty(x => x.SecretHash, SecretHash.Of(rotated))));

        await ExpectOAuthError(await Exchange(bot, telegramUserId), 401, "invalid_client");
        await ExpectJson(await Exchange(bot with { Secret = rotated }, telegramUserId), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Head_office_lists_and_removes_a_user_s_links()
    {
        var bot = await Bot();
        var (userId, user) = await NewPartnerUser();
        var link = await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/links", Redemption(await Code(user), NextTelegramUserId())), HttpStatusCode.Created);

        (await ExpectJson(await Http.GetAsync($"/api/v1/users/{userId}/telegram-links"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => Id(l!.AsObject())).Should().Equal(Id(link));
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await alpha.GetAsync($"/api/v1/users/{userId}/telegram-links"), HttpStatusCode.Forbidden, "forbidden");
        (await Http.DeleteAsync($"/api/v1/users/{userId}/telegram-links/{Id(link)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ExpectJson(await user.GetAsync("/api/v1/me/telegram-links"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task An_owner_links_a_group_the_bot_lists_it_and_another_organization_cannot_touch_it()
    {
        var bot = await Bot();
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var organization = TestActors.PartnerAlphaOrganization;

        var code = await ExpectJson(await PostEmpty(alpha, $"/api/v1/organizations/{organization}/telegram-group-codes", Guid.NewGuid().ToString()), HttpStatusCode.Created);
        code["deepLink"]!.GetValue<string>().Should().Contain("?startgroup=gr_");
        await ExpectProblem(await PostEmpty(beta, $"/api/v1/organizations/{organization}/telegram-group-codes"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.GetAsync($"/api/v1/organizations/{organization}/telegram-groups"), HttpStatusCode.NotFound, "not_found");

        var chatId = -1_000_000_000_000 - NextTelegramUserId();
        var group = new { code = code["code"]!.GetValue<string>(), chatId, title = "Отдел продаж «Альфа»" };
        var link = await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/group-links", group), HttpStatusCode.Created);
        Id(await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/group-links", group), HttpStatusCode.Created)).Should().Be(Id(link));

        // A user code is not a group code.
        await ExpectProblem(await bot.Http.PostAsJsonAsync("/api/v1/telegram/group-links", new { code = await Code(alpha), chatId, title = "x" }),
            HttpStatusCode.UnprocessableEntity, "telegram_link_code_invalid");

        (await ExpectJson(await bot.Http.GetAsync($"/api/v1/telegram/group-links?organizationId={organization}"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => l!["chatId"]!.GetValue<long>()).Should().Contain(chatId);
        (await ExpectJson(await alpha.GetAsync($"/api/v1/organizations/{organization}/telegram-groups"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => Id(l!.AsObject())).Should().Contain(Id(link));
        await ExpectProblem(await beta.DeleteAsync($"/api/v1/organizations/{organization}/telegram-groups/{Id(link)}"), HttpStatusCode.NotFound, "not_found");
        (await alpha.DeleteAsync($"/api/v1/organizations/{organization}/telegram-groups/{Id(link)}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ExpectJson(await bot.Http.GetAsync($"/api/v1/telegram/group-links?organizationId={organization}"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => Id(l!.AsObject())).Should().NotContain(Id(link));
        await ExpectProblem(await bot.Http.GetAsync("/api/v1/telegram/group-links"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task The_bot_ends_the_link_of_a_group_it_was_removed_from_once()
    {
        var bot = await Bot();
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var organization = TestActors.PartnerAlphaOrganization;
        var codes = $"/api/v1/organizations/{organization}/telegram-group-codes";
        var code = await ExpectJson(await PostEmpty(alpha, codes), HttpStatusCode.Created);
        var chatId = -1_000_000_000_000 - NextTelegramUserId();
        var group = new { code = code["code"]!.GetValue<string>(), chatId, title = "Отдел продаж" };
        var link = await ExpectJson(await bot.Http.PostAsJsonAsync("/api/v1/telegram/group-links", group),
            HttpStatusCode.Created);
        var url = $"/api/v1/telegram/group-links/{chatId}";

        await ExpectProblem(await alpha.DeleteAsync(url), HttpStatusCode.Forbidden, "forbidden");
        (await bot.Http.DeleteAsync(url)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var groups = $"/api/v1/organizations/{organization}/telegram-groups";
        (await ExpectJson(await alpha.GetAsync(groups), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(l => Id(l!.AsObject())).Should().NotContain(Id(link));
        await ExpectProblem(await bot.Http.DeleteAsync(url), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await bot.Http.DeleteAsync("/api/v1/telegram/group-links/not-a-number"),
            HttpStatusCode.NotFound, "not_found");
        var pattern = "%" + Id(link) + "%";
        var audited = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM audit_events
                WHERE action = 'telegram.group_link_removed' AND changes::text LIKE {pattern}
                """)
            .SingleAsync());
        audited.Should().Be(1);
    }

    [Fact]
    public async Task A_link_code_request_with_an_idempotency_key_is_replayed()
    {
        var (_, user) = await NewPartnerUser();
        var key = Guid.NewGuid().ToString();
        var first = await PostEmpty(user, "/api/v1/me/telegram-link-codes", key);
        var firstBody = await ExpectJson(first, HttpStatusCode.Created);
        var retry = await PostEmpty(user, "/api/v1/me/telegram-link-codes", key);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await ExpectJson(retry, HttpStatusCode.Created))["code"]!.GetValue<string>().Should().Be(firstBody["code"]!.GetValue<string>());
    }
}
