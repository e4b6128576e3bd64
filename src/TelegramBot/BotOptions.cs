namespace MakCrm.TelegramBot;

/// <summary>How the bot receives Telegram's updates.</summary>
public enum UpdateMode
{
    /// <summary><c>getUpdates</c> long polling by exactly one instance (the holder of the poller lease).</summary>
    Polling,

    /// <summary>Telegram POSTs updates to <c>/telegram/webhook</c>, checked by the secret token header.</summary>
    Webhook,
}

/// <summary>
/// The bot's settings, read from the environment (<c>MAK_API_URL</c>, <c>MAK_TELEGRAM_BOT_TOKEN</c>, …) or from the
/// configuration section <c>Bot</c>. The defaults run against <c>./mak run</c>'s API with the demo data's bot client.
/// </summary>
public sealed class BotOptions
{
    /// <summary>The demo data's API client of the bot (scope <c>telegram.bot</c>).</summary>
    public const string DemoClientId = "mak-telegram-bot";

    /// <summary>The demo bot client's secret; a real deployment sets MAK_BOT_CLIENT_SECRET.</summary>
    public const string DemoClientSecret = "Demo-Bot-Secret-2026";

    /// <summary>The CRM API (MAK_API_URL).</summary>
    public Uri ApiUrl { get; set; } = new("http://localhost:5080/");

    /// <summary>The bot's token from @BotFather (MAK_TELEGRAM_BOT_TOKEN).</summary>
    public string TelegramToken { get; set; } = "";

    /// <summary>The Bot API's base address (MAK_TELEGRAM_API_URL): Telegram, a local Bot API server or the simulator.</summary>
    public Uri TelegramApiUrl { get; set; } = new("https://api.telegram.org/");

    /// <summary>The bot's API client id (MAK_BOT_CLIENT_ID).</summary>
    public string ClientId { get; set; } = DemoClientId;

    /// <summary>The bot's API client secret (MAK_BOT_CLIENT_SECRET).</summary>
    public string ClientSecret { get; set; } = DemoClientSecret;

    /// <summary>The bot's own PostgreSQL database (MAK_BOT_DB); its tables live in <see cref="Schema"/>.</summary>
    public string ConnectionString { get; set; } = "Host=127.0.0.1;Port=55432;Username=postgres;Database=mak";

    /// <summary>The schema of the bot's tables (MAK_BOT_SCHEMA), created at start-up.</summary>
    public string Schema { get; set; } = "telegram_bot";

    /// <summary>Polling (default) or webhook (MAK_BOT_MODE).</summary>
    public UpdateMode Mode { get; set; } = UpdateMode.Polling;

    /// <summary>The public HTTPS address Telegram posts to in webhook mode (MAK_BOT_WEBHOOK_URL).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The webhook's secret token, 1-256 of A-Z a-z 0-9 _ - (MAK_BOT_WEBHOOK_SECRET).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The key callback data and other short-lived tokens are signed with (MAK_BOT_SIGNING_KEY); random per start when unset.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a <c>getUpdates</c> request is held by Telegram.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a lease (poller, sender, event follower) lasts unless renewed; well above <see cref="PollTimeout"/>.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>This instance's name in the leases.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Telegram: about one message a second to one chat.</summary>
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Telegram: 20 messages a minute to one group.</summary>
    public TimeSpan PerGroupInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Telegram: about 30 messages a second overall.</summary>
    public int MessagesPerSecond { get; set; } = 30;

    /// <summary>How often the sender and the event follower look for work when nothing woke them.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether the notification events are followed (needs <c>events.read</c> for the bot's client).</summary>
    public bool FollowEvents { get; set; } = true;

    /// <summary>Reads the environment variables' names, then the section <c>Bot</c> (the same names without the prefix) over the defaults.</summary>
    public static BotOptions From(IConfiguration configuration)
    {
        var options = new BotOptions();
        string? Get(string env, string key) => configuration[env] is { Length: > 0 } value ? value : configuration[$"Bot:{key}"] is { Length: > 0 } fromSection ? fromSection : null;

        if (Get("MAK_API_URL", "ApiUrl") is { } api)
        {
            options.ApiUrl = WithSlash(api);
        }

        options.TelegramToken = Get("MAK_TELEGRAM_BOT_TOKEN", "TelegramToken") ?? options.TelegramToken;
        if (Get("MAK_TELEGRAM_API_URL", "TelegramApiUrl") is { } telegram)
        {
            options.TelegramApiUrl = WithSlash(telegram);
        }

        options.ClientId = Get("MAK_BOT_CLIENT_ID", "ClientId") ?? options.ClientId;
        options.ClientSecret = Get("MAK_BOT_CLIENT_SECRET", "ClientSecret") ?? options.ClientSecret;
        options.ConnectionString = Get("MAK_BOT_DB", "ConnectionString") ?? Get("MAK_DB", "ApiConnectionString") ?? options.ConnectionString;
        options.Schema = Get("MAK_BOT_SCHEMA", "Schema") ?? options.Schema;
        if (Get("MAK_BOT_MODE", "Mode") is { } mode)
        {
            options.Mode = Enum.Parse<UpdateMode>(mode, ignoreCase: true);
        }

        if (Get("MAK_BOT_WEBHOOK_URL", "WebhookUrl") is { } webhook)
        {
            options.WebhookUrl = new Uri(webhook);
        }

        options.WebhookSecret = Get("MAK_BOT_WEBHOOK_SECRET", "WebhookSecret") ?? options.WebhookSecret;
        options.SigningKey = Get("MAK_BOT_SIGNING_KEY", "SigningKey") ?? options.SigningKey;
        return options;
    }

    /// <summary>Refuses settings the bot cannot run with.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TelegramToken))
        {
            throw new InvalidOperationException("MAK_TELEGRAM_BOT_TOKEN is not set (`./mak bot` without it starts the local simulator).");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(Schema, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw new InvalidOperationException("MAK_BOT_SCHEMA must be a plain lower-case PostgreSQL identifier.");
        }

        if (Mode == UpdateMode.Webhook && (WebhookUrl is null || string.IsNullOrEmpty(WebhookSecret) || !System.Text.RegularExpressions.Regex.IsMatch(WebhookSecret, "^[A-Za-z0-9_-]{1,256}$")))
        {
            throw new InvalidOperationException("Webhook mode needs MAK_BOT_WEBHOOK_URL and MAK_BOT_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -).");
        }
    }

    private static Uri WithSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
}
