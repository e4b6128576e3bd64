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

    /// <summary>The Bot API's base address (MAK_TELEGRAM_API_URL): Telegram, a local Bot API server or the
    /// simulator.</summary>
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

    /// <summary>The key callback data and other short-lived tokens are signed with (MAK_BOT_SIGNING_KEY); random per
    /// start when unset.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a <c>getUpdates</c> request is held by Telegram.</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long a lease (poller, sender, event follower) lasts unless renewed; well above
    /// <see cref="PollTimeout"/>.</summary>
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

    /// <summary>
    /// The port <c>/metrics</c> is served on (MAK_BOT_METRICS_PORT; 9465 when read from the environment, <c>off</c>
    /// for none, 0 for a free one); <c>null</c>: no metrics.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>The address the metrics port binds (MAK_BOT_METRICS_ADDRESS, all interfaces by default).</summary>
    public string MetricsAddress { get; set; } = "0.0.0.0";

    /// <summary>The WhatsApp side (the Cloud API): off unless configured.</summary>
    public WhatsAppSettings WhatsApp { get; set; } = new();

    /// <summary>Reads the environment variables' names, then the section <c>Bot</c> (the same names without the prefix)
    /// over the defaults.</summary>
    public static BotOptions From(IConfiguration configuration)
    {
        var options = new BotOptions();
        string? Get(string env, string key) =>
            configuration[env] is { Length: > 0 } value ? value
            : configuration[$"Bot:{key}"] is { Length: > 0 } fromSection ? fromSection
            : null;

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
        options.ConnectionString =
            Get("MAK_BOT_DB", "ConnectionString") ?? Get("MAK_DB", "ApiConnectionString") ?? options.ConnectionString;
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
        options.MetricsPort = Get("MAK_BOT_METRICS_PORT", "MetricsPort") switch
        {
            null => 9465,
            "off" => null,
            var port => int.Parse(port, System.Globalization.CultureInfo.InvariantCulture),
        };
        options.MetricsAddress = Get("MAK_BOT_METRICS_ADDRESS", "MetricsAddress") ?? options.MetricsAddress;
        options.SigningKey = Get("MAK_BOT_SIGNING_KEY", "SigningKey") ?? options.SigningKey;

        var whatsApp = options.WhatsApp;
        whatsApp.PhoneNumberId =
            Get("MAK_WHATSAPP_PHONE_NUMBER_ID", "WhatsApp:PhoneNumberId") ?? whatsApp.PhoneNumberId;
        whatsApp.AccessToken = Get("MAK_WHATSAPP_ACCESS_TOKEN", "WhatsApp:AccessToken") ?? whatsApp.AccessToken;
        whatsApp.AppSecret = Get("MAK_WHATSAPP_APP_SECRET", "WhatsApp:AppSecret") ?? whatsApp.AppSecret;
        whatsApp.VerifyToken = Get("MAK_WHATSAPP_VERIFY_TOKEN", "WhatsApp:VerifyToken") ?? whatsApp.VerifyToken;
        if (Get("MAK_WHATSAPP_API_URL", "WhatsApp:ApiUrl") is { } graph)
        {
            whatsApp.ApiUrl = WithSlash(graph);
        }

        whatsApp.ApiVersion = Get("MAK_WHATSAPP_API_VERSION", "WhatsApp:ApiVersion") ?? whatsApp.ApiVersion;
        whatsApp.NotificationTemplate =
            Get("MAK_WHATSAPP_TEMPLATE", "WhatsApp:NotificationTemplate") ?? whatsApp.NotificationTemplate;
        whatsApp.TemplateLanguage =
            Get("MAK_WHATSAPP_TEMPLATE_LANGUAGE", "WhatsApp:TemplateLanguage") ?? whatsApp.TemplateLanguage;
        return options;
    }

    /// <summary>Refuses settings the bot cannot run with.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TelegramToken))
        {
            throw new InvalidOperationException(
                "MAK_TELEGRAM_BOT_TOKEN is not set (`./mak bot` without it starts the local simulator)."
            );
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(Schema, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw new InvalidOperationException("MAK_BOT_SCHEMA must be a plain lower-case PostgreSQL identifier.");
        }

        if (
            Mode == UpdateMode.Webhook
            && (
                WebhookUrl is null
                || string.IsNullOrEmpty(WebhookSecret)
                || !System.Text.RegularExpressions.Regex.IsMatch(WebhookSecret, "^[A-Za-z0-9_-]{1,256}$")
            )
        )
        {
            throw new InvalidOperationException(
                "Webhook mode needs MAK_BOT_WEBHOOK_URL and MAK_BOT_WEBHOOK_SECRET (1-256 of A-Z a-z 0-9 _ -)."
            );
        }

        WhatsApp.Validate();
    }

    private static Uri WithSlash(string url) => new(url.EndsWith('/') ? url : url + "/");
}

/// <summary>
/// The bot's WhatsApp side, on the WhatsApp Cloud API: on when the phone number id, access token, app secret and
/// verify token are all set (<c>MAK_WHATSAPP_*</c>), off when none is, refused when only some are.
/// </summary>
public sealed class WhatsAppSettings
{
    /// <summary>The business phone number's id in the Cloud API (MAK_WHATSAPP_PHONE_NUMBER_ID): messages are sent from
    /// it.</summary>
    public string PhoneNumberId { get; set; } = "";

    /// <summary>A system user's access token with <c>whatsapp_business_messaging</c> (MAK_WHATSAPP_ACCESS_TOKEN), sent
    /// as a bearer token.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The Meta app's secret (MAK_WHATSAPP_APP_SECRET): webhook deliveries are signed with it
    /// (<c>X-Hub-Signature-256</c>).</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The verify token given to the app's webhook settings (MAK_WHATSAPP_VERIFY_TOKEN), answered in the
    /// subscription handshake.</summary>
    public string VerifyToken { get; set; } = "";

    /// <summary>The Graph API's base address (MAK_WHATSAPP_API_URL): Meta's, or a fake of it in tests.</summary>
    public Uri ApiUrl { get; set; } = new("https://graph.facebook.com/");

    /// <summary>The Graph API version in the request path (MAK_WHATSAPP_API_VERSION).</summary>
    public string ApiVersion { get; set; } = "v24.0";

    /// <summary>
    /// The approved template announcing a notification outside WhatsApp's 24-hour window (MAK_WHATSAPP_TEMPLATE), a
    /// utility template whose body has one variable, the notification's title; empty to send nothing outside the window
    /// (the notification is still given in full once the user writes).
    /// </summary>
    public string NotificationTemplate { get; set; } = "";

    /// <summary>The template's language code (MAK_WHATSAPP_TEMPLATE_LANGUAGE).</summary>
    public string TemplateLanguage { get; set; } = "ru";

    /// <summary>WhatsApp's pair rate: about one message every 6 seconds to one user, …</summary>
    public TimeSpan PairInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>… with short bursts allowed (a reply and a menu, a page of a list): kept well below the 45 WhatsApp
    /// tolerates.</summary>
    public int PairBurst { get; set; } = 10;

    /// <summary>The Cloud API's default throughput for a business number: 80 messages a second.</summary>
    public int MessagesPerSecond { get; set; } = 80;

    /// <summary>How long a notification held outside the 24-hour window waits for the user to write before it is
    /// dropped.</summary>
    public TimeSpan HeldNotificationLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>WhatsApp's customer-service window: free-form messages only this long after the user's last
    /// message.</summary>
    public static readonly TimeSpan CustomerServiceWindow = TimeSpan.FromHours(24);

    public bool Enabled =>
        PhoneNumberId.Length > 0 && AccessToken.Length > 0 && AppSecret.Length > 0 && VerifyToken.Length > 0;

    /// <summary>Refuses a half-configured WhatsApp side: all four of its secrets and ids, or none.</summary>
    public void Validate()
    {
        string[] set = [PhoneNumberId, AccessToken, AppSecret, VerifyToken];
        if (!Enabled && set.Any(value => value.Length > 0))
        {
            throw new InvalidOperationException(
                "WhatsApp needs all of MAK_WHATSAPP_PHONE_NUMBER_ID, MAK_WHATSAPP_ACCESS_TOKEN, "
                    + "MAK_WHATSAPP_APP_SECRET and MAK_WHATSAPP_VERIFY_TOKEN, or none."
            );
        }

        if (
            Enabled
            && (
                !PhoneNumberId.All(char.IsAsciiDigit)
                || !System.Text.RegularExpressions.Regex.IsMatch(ApiVersion, "^v[0-9]+\\.[0-9]+$")
            )
        )
        {
            throw new InvalidOperationException(
                "MAK_WHATSAPP_PHONE_NUMBER_ID must be digits and MAK_WHATSAPP_API_VERSION a Graph API version such "
                    + "as v24.0."
            );
        }
    }
}
