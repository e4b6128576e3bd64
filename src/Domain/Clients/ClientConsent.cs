namespace MakCrm.Domain.Clients;

/// <summary>
/// The client's consent to the processing of personal data: when it was given, for which version of the consent
/// text, and when it was withdrawn, if it was.
/// </summary>
public sealed record ClientConsent(DateTimeOffset GivenAt, string TextVersion, DateTimeOffset? WithdrawnAt)
{
    public const int MaxTextVersionLength = 50;

    /// <summary>In UTC, cut to the microsecond that PostgreSQL keeps, with the text version trimmed.</summary>
    public ClientConsent Normalized() =>
        new(Cut(GivenAt), TextVersion.Trim(), WithdrawnAt is { } withdrawn ? Cut(withdrawn) : null);

    private static DateTimeOffset Cut(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
