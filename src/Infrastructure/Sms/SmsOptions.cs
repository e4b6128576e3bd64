namespace MakCrm.Infrastructure.Sms;

/// <summary>
/// SMS (configuration section <c>Mak:Sms</c>): the provider the outbox sends SMS through, or with none a pickup folder
/// the SMS are written to as text files (as mail is without an SMTP server). Sending shares the mail outbox's worker,
/// attempts, retries and timeout (<c>Mak:Mail</c>).
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "Mak:Sms";

    /// <summary><c>SmsRu</c> (SMS.ru's HTTP API); empty: SMS are written to <see cref="PickupDirectory"/>.</summary>
    public string? Provider { get; set; }

    /// <summary>SMS.ru's <c>api_id</c>, the key of the account's API access.</summary>
    public string? ApiId { get; set; }

    /// <summary>The provider's address; SMS.ru's own unless a stand-in is used.</summary>
    public Uri BaseAddress { get; set; } = new("https://sms.ru/");

    /// <summary>The sender name the provider approved for the account; empty: the account's default.</summary>
    public string? Sender { get; set; }

    /// <summary>Where SMS go as text files when no provider is configured.</summary>
    public string PickupDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "mak-crm-sms");

    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(Provider);

    public bool UsesSmsRu => string.Equals(Provider, "SmsRu", StringComparison.OrdinalIgnoreCase);
}
