namespace MakCrm.Infrastructure.BorrowerChecks;

/// <summary>Where the check providers are and how hard they may be asked
/// (<c>Mak:BorrowerChecks:Providers</c>).</summary>
public sealed class CheckProviderOptions
{
    public const string Section = "Mak:BorrowerChecks:Providers";

    /// <summary>ФНС's self-employed status service: about 2 requests a minute per address, no SLA.</summary>
    public CheckProviderEndpoint Fns { get; set; } =
        new() { BaseAddress = new Uri("https://statusnpd.nalog.ru/"), RequestsPerMinute = 2 };

    /// <summary>ФССП's enforcement proceedings API (or a reseller speaking it) and its token.</summary>
    public CheckProviderEndpoint Fssp { get; set; } =
        new() { BaseAddress = new Uri("https://api-ip.fssp.gov.ru/api/v1.0/"), RequestsPerMinute = 30 };

    /// <summary>ЕГРЮЛ/ЕГРИП through DaData's <c>findById/party</c> (or a service speaking it), with its API
    /// key as the token; no key configured, every check is unavailable.</summary>
    public CheckProviderEndpoint Egrul { get; set; } =
        new()
        {
            BaseAddress = new Uri("https://suggestions.dadata.ru/suggestions/api/4_1/rs/"),
            RequestsPerMinute = 60,
        };
}

public sealed class CheckProviderEndpoint
{
    /// <summary>The service's address; <c>null</c>: not configured, every check is unavailable.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The access token, for a provider that needs one.</summary>
    public string? Token { get; set; }

    /// <summary>A request with no answer within this is given up (the check is unavailable: timeout).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests a minute every instance together sends at most; past it a check is unavailable
    /// (rate_limited) at once instead of waiting.</summary>
    public int RequestsPerMinute { get; set; } = 2;
}
