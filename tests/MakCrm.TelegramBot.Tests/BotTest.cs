using MakCrm.Application.Common;
using MakCrm.Client;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using MakCrm.TelegramSimulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.TelegramBot.Tests;

/// <summary>The real API (one server and database per class) with the bot's API client registered once.</summary>
public sealed class BotApiFixture() : ApiServerFixture(new Dictionary<string, string>
{
    // Being outbid reaches the chat as it does in production: the worker delivers the notices every half second.
    ["Mak:Auction:OutbidNoticesEnabled"] = "true",
    ["Mak:Auction:OutbidNoticePollInterval"] = "00:00:00.500",
    // The link codes carry the WhatsApp click-to-chat link of the fake's business number.
    ["Mak:WhatsApp:PhoneNumber"] = FakeWhatsAppApi.DisplayPhoneNumber,
})
{
    public const string BotClientId = "test-telegram-bot";
    public const string BotSecret = "test bot secret";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Infrastructure.Identity.ApiClient>().Add(new MakCrm.Infrastructure.Identity.ApiClient
            {
                ClientId = BotClientId,
                Name = "Test Telegram bot",
                IsConfidential = true,
                SecretHash = SecretHash.Of(BotSecret),
                OrganizationId = MakCrm.Domain.Organizations.Organization.HeadOfficeId,
                Scopes = [Permissions.TelegramBot, Permissions.EventsRead, Permissions.KnowledgeRead],
                IsEnabled = true,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
    }
}

/// <summary>
/// A test of the bot: the real API, a fake Bot API and a fake WhatsApp Cloud API on 127.0.0.1, and bot instances started
/// in this process over a schema of their own (so tests never share the bot's state). Users are played through
/// <see cref="Telegram"/> and <see cref="WhatsApp"/>.
/// </summary>
public abstract class BotTest(BotApiFixture server) : IClassFixture<BotApiFixture>, IAsyncLifetime
{
    private readonly List<WebApplication> _bots = [];
    private readonly List<IDisposable> _disposables = [];

    protected BotApiFixture Server { get; } = server;

    protected FakeBotApi Telegram { get; private set; } = null!;

    protected FakeWhatsAppApi WhatsApp { get; private set; } = null!;

    protected string Schema { get; } = $"tgbot_{Guid.NewGuid():N}"[..24];

    public async Task InitializeAsync()
    {
        await Server.ResetDatabaseAsync();
        Telegram = await new FakeBotApi().StartAsync();
        WhatsApp = await new FakeWhatsAppApi().StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var bot in _bots)
        {
            await bot.StopAsync();
            await bot.DisposeAsync();
        }

        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await Telegram.DisposeAsync();
        await WhatsApp.DisposeAsync();
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The bot's options against the fakes; with <paramref name="whatsApp"/> its WhatsApp side is on.</summary>
    protected BotOptions Options(UpdateMode mode = UpdateMode.Polling, bool whatsApp = false) => new()
    {
        ApiUrl = Server.BaseAddress,
        TelegramApiUrl = Telegram.BaseAddress,
        TelegramToken = Telegram.Token,
        ClientId = BotApiFixture.BotClientId,
        ClientSecret = BotApiFixture.BotSecret,
        ConnectionString = Server.ConnectionString,
        Schema = Schema,
        Mode = mode,
        PollTimeout = TimeSpan.FromSeconds(2),
        LeaseDuration = TimeSpan.FromSeconds(8),
        IdleDelay = TimeSpan.FromMilliseconds(100),
        PerChatInterval = TimeSpan.FromMilliseconds(300),
        WebhookUrl = mode == UpdateMode.Webhook ? new Uri("https://bot.example/") : null,
        WebhookSecret = mode == UpdateMode.Webhook ? "test-webhook-secret_1" : null,
        WhatsApp = whatsApp
            ? new WhatsAppSettings
            {
                PhoneNumberId = WhatsApp.PhoneNumberId,
                AccessToken = WhatsApp.AccessToken,
                AppSecret = WhatsApp.AppSecret,
                VerifyToken = WhatsAppVerifyToken,
                ApiUrl = WhatsApp.BaseAddress,
                NotificationTemplate = WhatsAppTemplate,
                PairInterval = TimeSpan.FromMilliseconds(300),
                PairBurst = 3,
            }
            : new WhatsAppSettings(),
    };

    protected const string WhatsAppVerifyToken = "test-verify-token";

    /// <summary>The approved template the bot announces a notification with outside WhatsApp's 24-hour window.</summary>
    protected const string WhatsAppTemplate = "mak_notification";

    /// <summary>Starts a bot instance (on a free port of 127.0.0.1) and stops it after the test.</summary>
    protected async Task<WebApplication> StartBotAsync(BotOptions? options = null)
    {
        var log = Path.Combine(AppContext.BaseDirectory, "bot-logs", $"{GetType().Name}-{Schema}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var bot = BotHost.Build(options ?? Options(), configure: builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.AddProvider(new FileLoggerProvider(log));
        });
        await bot.StartAsync();
        _bots.Add(bot);
        if ((options ?? Options()).WhatsApp.Enabled)
        {
            var address = bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            WhatsApp.BotWebhook = new Uri(address + "/whatsapp/webhook");
            WhatsApp.ApprovedTemplates.Add(WhatsAppTemplate);
        }

        return bot;
    }

    protected async Task StopBotAsync(WebApplication bot)
    {
        await bot.StopAsync();
        _bots.Remove(bot);
        await bot.DisposeAsync();
    }

    /// <summary>The API as the bot's own client (telegram.bot).</summary>
    protected IMakCrmApiClient BotApi() => Sdk(MakCrmCredentials.ClientCredentials(BotApiFixture.BotClientId, BotApiFixture.BotSecret));

    protected IMakCrmApiClient Sdk(MakCrmCredentials credentials)
    {
        var http = new HttpClient(new MakCrmTokenHandler(Server.BaseAddress, credentials) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = Server.BaseAddress };
        _disposables.Add(http);
        return new MakCrmApiClient(http);
    }

    /// <summary>A new partner user and its cabinet (password sign-in).</summary>
    protected async Task<(Guid UserId, IMakCrmApiClient Cabinet)> NewPartnerAsync(Guid? organizationId = null)
    {
        var email = $"tg-{Guid.NewGuid():N}@bot.test";
        var user = await Server.CreateUserAsync(email, Roles.Partner, organizationId ?? TestActors.PartnerAlphaOrganization);
        return (user.Id, Sdk(MakCrmCredentials.Password(FirstPartyClients.Cabinet, email, TestActors.Password)));
    }

    /// <summary>Links <paramref name="telegramUserId"/> to the cabinet's user the way a person does: a code from the cabinet, <c>/start code</c> in the chat.</summary>
    protected async Task LinkAsync(IMakCrmApiClient cabinet, long telegramUserId)
    {
        var code = (await cabinet.CreateMyTelegramLinkCodeAsync(Guid.NewGuid().ToString())).Result;
        var before = Telegram.Sent(telegramUserId).Count;
        Telegram.SendText(telegramUserId, "/start " + code.Code);
        await Telegram.WaitForTextAsync(telegramUserId, "подключён", skip: before);
    }

    protected async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", Schema, StringComparison.Ordinal), connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Retries <paramref name="assertion"/> until it holds or <paramref name="seconds"/> pass (then its failure is the test's).</summary>
    protected static async Task Eventually(Func<Task> assertion, int seconds = 15)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
