using System.Text.RegularExpressions;

namespace MakCrm.Domain.Common;

/// <summary>
/// What an integrator (a lead platform, the bot) keeps on a lead or a client of its own: its reference, the marketing
/// attribution and a small string map. None of it takes part in the CRM's rules; it is stored, shown and filtered by.
/// </summary>
public sealed record IntegrationData(
    ExternalReference? ExternalRef,
    Attribution? Attribution,
    IReadOnlyDictionary<string, string> Metadata
)
{
    public static IntegrationData None { get; } = new(null, null, IntegrationMetadata.Empty);

    /// <summary>
    /// The attribution (normalised) and metadata a record has after a change, or <c>null</c> when they are the ones it
    /// has. A request that changed the record's other fields too has already moved its version (same time): it moves
    /// once.
    /// </summary>
    public static (Attribution? Attribution, IReadOnlyDictionary<string, string> Metadata)? Retagged(
        Attribution? currentAttribution,
        IReadOnlyDictionary<string, string> currentMetadata,
        Attribution? attribution,
        IReadOnlyDictionary<string, string> metadata
    )
    {
        var normalized = attribution?.Normalized();
        return normalized == currentAttribution && IntegrationMetadata.Same(metadata, currentMetadata)
            ? null
            : (normalized, metadata);
    }
}

/// <summary>
/// The integrator's own id for a record, unique per organization and creator: <see cref="Owner"/> is the API client
/// (<c>client:&lt;client_id&gt;</c>) or the user (<c>user:&lt;id&gt;</c>) that set it, so two platforms may use the
/// same id.
/// </summary>
public sealed record ExternalReference(string Owner, string Value)
{
    public const int MaxLength = 100;

    /// <summary>1 to 100 visible ASCII characters (no spaces).</summary>
    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => c is > ' ' and <= '~');

    public static string OwnerOf(string? clientId, Guid? userId) =>
        clientId is not null ? "client:" + clientId : "user:" + userId;
}

/// <summary>Marketing attribution: the UTM tags, the landing page and the referrer, as the form saw them; every field
/// optional.</summary>
public sealed record Attribution
{
    public const int MaxUtmLength = 200;
    public const int MaxUrlLength = 2000;

    public string? UtmSource { get; init; }

    public string? UtmMedium { get; init; }

    public string? UtmCampaign { get; init; }

    public string? UtmContent { get; init; }

    public string? UtmTerm { get; init; }

    public string? LandingUrl { get; init; }

    public string? Referrer { get; init; }

    private static Attribution Empty { get; } = new();

    /// <summary>An absolute http or https URL of at most <see cref="MaxUrlLength"/> characters.</summary>
    public static bool IsValidUrl(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Blank values as null; an attribution with nothing in it is none.</summary>
    public Attribution? Normalized()
    {
        var normalized = new Attribution
        {
            UtmSource = TextNormalizer.TrimOrNull(UtmSource),
            UtmMedium = TextNormalizer.TrimOrNull(UtmMedium),
            UtmCampaign = TextNormalizer.TrimOrNull(UtmCampaign),
            UtmContent = TextNormalizer.TrimOrNull(UtmContent),
            UtmTerm = TextNormalizer.TrimOrNull(UtmTerm),
            LandingUrl = TextNormalizer.TrimOrNull(LandingUrl),
            Referrer = TextNormalizer.TrimOrNull(Referrer),
        };
        return normalized == Empty ? null : normalized;
    }
}

/// <summary>The limits of the string map an integrator may keep on a record.</summary>
public static partial class IntegrationMetadata
{
    public const int MaxKeys = 20;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    public static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>();

    /// <summary>1 to 40 characters of <c>a-z 0-9 _ . -</c>.</summary>
    public static bool IsValidKey(string key) => KeyPattern().IsMatch(key);

    /// <summary>Whether two maps hold the same pairs.</summary>
    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);

    [GeneratedRegex("^[a-z0-9_.-]{1,40}$")]
    private static partial Regex KeyPattern();
}

/// <summary>An integrator's reference is unique per organization and owner: a second record with it is
/// refused.</summary>
public sealed class ExternalRefMustBeFree(string resource, ExternalReference reference, Guid? existingId)
    : IBusinessRule
{
    public bool IsBroken() => existingId is not null;

    public Error Error =>
        new(
            ErrorCodes.ExternalRefTaken,
            $"The {resource} {existingId} has the externalRef '{reference.Value}' already; an integrator's reference "
                + $"names one {resource}.",
            ErrorKind.Conflict,
            Extensions: new Dictionary<string, object?> { ["existingId"] = existingId }
        );
}
