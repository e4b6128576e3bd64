using MakCrm.Client;
using MakCrm.TelegramBot.Conversations;
using MakCrm.TelegramBot.Crm;
using MakCrm.TelegramBot.Outgoing;
using MakCrm.TelegramBot.State;
using MakCrm.TelegramBot.Telegram;
using MakCrm.TelegramBot.Updates;
using MakCrm.TelegramBot.WhatsApp;
using Npgsql;

namespace MakCrm.TelegramBot;

/// <summary>
/// Composes the bot — Telegram, and WhatsApp when it is configured — used by <c>Program</c> and, with other options, by
/// the tests (several instances in one process).
/// </summary>
public static class BotHost
{
    public static WebApplication Build(
        BotOptions options,
        string[]? args = null,
        Action<WebApplicationBuilder>? configure = null
    )
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => NpgsqlDataSource.Create(options.ConnectionString));
        services.AddSingleton<BotDatabase>();
        services.AddSingleton<Leases>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<Groups>();
        services.AddSingleton<OutgoingQueue>();
        services.AddSingleton<ChatBlocking>();
        services.AddSingleton<Sessions>();
        services.AddSingleton<Callbacks>();
        services.AddSingleton<CrmClients>();
        services.AddSingleton<AccountLinks>();
        services.AddSingleton<ConversationEngine>();
        services.AddSingleton<TelegramTransport>();
        services.AddSingleton<IChatTransport>(provider => provider.GetRequiredService<TelegramTransport>());
        services.AddSingleton<IOutgoingChannel, TelegramOutgoing>();
        services.AddSingleton<UpdateDispatcher>();
        if (options.WhatsApp.Enabled)
        {
            services.AddSingleton(_ => new WhatsAppCloudApi(
                new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
                options
            ));
            services.AddSingleton<WhatsAppWindow>();
            services.AddSingleton<WhatsAppTransport>();
            services.AddSingleton<IChatTransport>(provider => provider.GetRequiredService<WhatsAppTransport>());
            services.AddSingleton<IOutgoingChannel, WhatsAppOutgoing>();
            services.AddSingleton<WhatsAppDispatcher>();
        }

        // One long-lived client: getUpdates is held for PollTimeout, so its timeout is longer.
        services.AddSingleton(_ => new TelegramBotApi(
            new HttpClient { Timeout = options.PollTimeout + TimeSpan.FromSeconds(15) },
            options
        ));

        // The bot's own identity (client credentials, scope telegram.bot): redeeming codes, looking links up, the event
        // feed.
        services.AddMakCrmClient(client =>
        {
            client.BaseAddress = options.ApiUrl;
            client.ClientId = options.ClientId;
            client.ClientSecret = options.ClientSecret;
        });

        services.AddBotMetrics(options);
        services.AddHostedService<SchemaInitializer>();
        services.AddHostedService<OutgoingSender>();
        if (options.FollowEvents)
        {
            services.AddHostedService<NotificationFollower>();
        }

        if (options.Mode == UpdateMode.Polling)
        {
            services.AddSingleton<LongPoller>();
            services.AddHostedService(provider => provider.GetRequiredService<LongPoller>());
        }
        else
        {
            services.AddHostedService<WebhookRegistration>();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        if (options.Mode == UpdateMode.Webhook)
        {
            WebhookEndpoint.Map(app);
        }

        if (options.WhatsApp.Enabled)
        {
            WhatsAppWebhook.Map(app); // the Cloud API only delivers by webhook
        }

        return app;
    }

    /// <summary>Creates the bot's tables before the workers start (hosted services start in order).</summary>
    private sealed class SchemaInitializer(BotDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => database.CreateSchemaAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
