namespace MakCrm.Infrastructure.Sms;

/// <summary>The SMS providers the gateway speaks to.</summary>
public enum SmsProvider
{
    /// <summary>None: SMS are written to the pickup folder.</summary>
    None,

    /// <summary>SMS.ru's HTTP API, with an <c>api_id</c>.</summary>
    SmsRu,

    /// <summary>SMSC's HTTP API, with a login and a password (or an API key as the password with no login).</summary>
    Smsc,
}

/// <summary>
/// SMS (configuration section <c>Mak:Sms</c>): the provider the outbox sends SMS through, or with none a pickup folder
/// the SMS are written to as text files (as mail is without an SMTP server). Sending shares the mail outbox's worker,
/// attempts, retries and timeout (<c>Mak:Mail</c>).
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Mak:Sms";

    /// <summary><c>SmsRu</c> or <c>Smsc</c>; empty: SMS are written to <see cref="PickupDirectory"/>.</summary>
    public string? Provider { get; set; }

    /// <summary>SMS.ru's <c>api_id</c>, the key of the account's API access.</summary>
    public string? ApiId { get; set; }

    /// <summary>SMSC's account login; empty with an API key as <see cref="Password"/>.</summary>
    public string? Login { get; set; }

    /// <summary>SMSC's password, or its API key.</summary>
    public string? Password { get; set; }

    /// <summary>The provider's address; empty: its own (<c>https://sms.ru/</c>, <c>https://smsc.ru/</c>), set for a
    /// stand-in.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The sender name the provider approved for the account; empty: the account's default.</summary>
    public string? Sender { get; set; }

    /// <summary>Where SMS go as text files when no provider is configured.</summary>
    public string PickupDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "mak-crm-sms");

    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(Provider);

    /// <summary>The configured provider, or <see cref="SmsProvider.None"/> when it is unknown or lacks its
    /// credentials (then <see cref="Misconfiguration"/> says what is wrong).</summary>
    public SmsProvider Kind =>
        Provider switch
        {
            _ when Is("SmsRu") && !string.IsNullOrWhiteSpace(ApiId) => SmsProvider.SmsRu,
            _ when Is("Smsc") && !string.IsNullOrWhiteSpace(Password) => SmsProvider.Smsc,
            _ => SmsProvider.None,
        };

    public Uri Address =>
        BaseAddress ?? (Kind == SmsProvider.Smsc ? new Uri("https://smsc.ru/") : new Uri("https://sms.ru/"));

    public string Misconfiguration =>
        "Mak:Sms:Provider must be empty, SmsRu with Mak:Sms:ApiId, or Smsc with Mak:Sms:Password (and Mak:Sms:Login).";

    private bool Is(string name) => string.Equals(Provider, name, StringComparison.OrdinalIgnoreCase);
}
