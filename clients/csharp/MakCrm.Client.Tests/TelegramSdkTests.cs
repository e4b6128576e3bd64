using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>The Telegram bot's side through the SDK: a user's link code, the bot redeeming it, and the bot acting for the user.</summary>
public sealed class TelegramSdkTests(ApiServerFixture server) : SdkTest(server)
{
    private const string BotSecret = "bot secret: with+plus & space";

    [Fact]
    public async Task The_bot_redeems_a_user_s_code_and_acts_for_the_user_through_the_token_exchange()
    {
        var email = $"sdk-tg-{Guid.NewGuid():N}@telegram.test";
        var user = await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        var cabinet = Sdk(MakCrmCredentials.Password(FirstPartyClients.Cabinet, email, TestActors.Password));
        var code = (await cabinet.CreateMyTelegramLinkCodeAsync(Guid.NewGuid().ToString())).Result;
        code.DeepLink.Should().EndWith("?start=" + code.Code);

        var botId = await RegisterBotAsync();
        var bot = Sdk(MakCrmCredentials.ClientCredentials(botId, BotSecret));
        const long telegramUserId = 7_000_000_001;
        var link = (await bot.RedeemTelegramLinkCodeAsync(new RedeemTelegramLinkCodeRequest { Code = code.Code, TelegramUserId = telegramUserId, ChatId = telegramUserId })).Result;
        link.UserId.Should().Be(user.Id);
        (await bot.GetTelegramLinkAsync(telegramUserId)).Result.Id.Should().Be(link.Id);
        (await cabinet.ListMyTelegramLinksAsync()).Result.Items.Select(l => l.Id).Should().Equal(link.Id);

        // The bot acting for the user: its token provider exchanges the Telegram user id for the user's token.
        var asUser = Sdk(MakCrmCredentials.TelegramUser(botId, BotSecret, telegramUserId, [Permissions.LeadsReadOwn, Permissions.LeadsWrite]));
        (await asUser.GetMeAsync()).Result.User.Id.Should().Be(user.Id);
        var submitted = await asUser.SubmitLeadAsync(new CreateLeadSubmissionRequest { FullName = "Ботов Борис Борисович", Phone = TestData.NextPhone(), Source = "partner" });
        submitted.Result.Lead.OrganizationId.Should().Be(TestActors.PartnerAlphaOrganization);
        await Expect.ProblemAsync(() => asUser.ListClientsAsync(), 403, "forbidden");

        // Unlinked: the exchange is refused.
        await cabinet.RemoveMyTelegramLinkAsync(link.Id);
        var refused = Sdk(MakCrmCredentials.TelegramUser(botId, BotSecret, telegramUserId));
        var exception = await FluentActions.Awaiting(() => refused.GetMeAsync()).Should().ThrowAsync<MakCrmAuthenticationException>();
        exception.Which.Error.Should().Be("invalid_grant");
    }

    [Fact]
    public async Task The_bot_redeems_a_code_for_a_whatsapp_account_and_acts_for_the_user_with_its_wa_id()
    {
        var email = $"sdk-wa-{Guid.NewGuid():N}@whatsapp.test";
        var user = await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        var cabinet = Sdk(MakCrmCredentials.Password(FirstPartyClients.Cabinet, email, TestActors.Password));
        var code = (await cabinet.CreateMyTelegramLinkCodeAsync(Guid.NewGuid().ToString())).Result;

        var botId = await RegisterBotAsync();
        var bot = Sdk(MakCrmCredentials.ClientCredentials(botId, BotSecret));
        var waId = $"7916{Random.Shared.Next(0, 10_000_000):D7}";
        var link = (await bot.RedeemWhatsAppLinkCodeAsync(new RedeemWhatsAppLinkCodeRequest { Code = code.Code, WaId = waId, ProfileName = "Борис" })).Result;
        link.UserId.Should().Be(user.Id);
        link.WaId.Should().Be(waId);
        (await bot.GetWhatsAppLinkAsync(waId)).Result.Id.Should().Be(link.Id);
        (await cabinet.ListMyWhatsAppLinksAsync()).Result.Items.Select(l => l.Id).Should().Equal(link.Id);
        (await cabinet.ListMyTelegramLinksAsync()).Result.Items.Should().BeEmpty();

        var asUser = Sdk(MakCrmCredentials.WhatsAppUser(botId, BotSecret, waId, [Permissions.LeadsReadOwn]));
        (await asUser.GetMeAsync()).Result.User.Id.Should().Be(user.Id);
        await Expect.ProblemAsync(() => asUser.SubmitLeadAsync(new CreateLeadSubmissionRequest { FullName = "Ботов Борис Борисович", Phone = TestData.NextPhone(), Source = "partner" }), 403, "forbidden");

        await cabinet.RemoveMyWhatsAppLinkAsync(link.Id);
        var refused = Sdk(MakCrmCredentials.WhatsAppUser(botId, BotSecret, waId));
        var exception = await FluentActions.Awaiting(() => refused.GetMeAsync()).Should().ThrowAsync<MakCrmAuthenticationException>();
        exception.Which.Error.Should().Be("invalid_grant");
        FluentActions.Invoking(() => MakCrmCredentials.WhatsAppUser(botId, BotSecret, "+7 916")).Should().Throw<ArgumentException>();
    }

    private IMakCrmApiClient Sdk(MakCrmCredentials credentials) =>
        new MakCrmApiClient(Track(new HttpClient(new MakCrmTokenHandler(Server.BaseAddress, credentials) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = Server.BaseAddress }));

    private async Task<string> RegisterBotAsync()
    {
        var clientId = $"test-bot-{Guid.NewGuid():N}";
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Infrastructure.Identity.ApiClient>().Add(new MakCrm.Infrastructure.Identity.ApiClient
            {
                ClientId = clientId,
                Name = "Test Telegram bot",
                IsConfidential = true,
                SecretHash = SecretHash.Of(BotSecret),
                OrganizationId = MakCrm.Domain.Organizations.Organization.HeadOfficeId,
                Scopes = [Permissions.TelegramBot],
                IsEnabled = true,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return clientId;
    }
}
