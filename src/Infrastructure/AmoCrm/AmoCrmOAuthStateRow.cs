namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// An OAuth authorization an admin started and amoCRM has not yet sent back (table <c>amocrm_oauth_states</c>): the
/// <c>state</c> is kept only as its SHA-256, with the integration's client (its secret encrypted) and the admin who
/// started it. It is used once and lives <see cref="AmoCrmAccount.OAuthStateLifetime"/>.
/// </summary>
internal sealed class AmoCrmOAuthStateRow
{
    public string StateHash { get; private set; } = "";

    public Guid UserId { get; private set; }

    public string BaseUrl { get; private set; } = "";

    public string ClientId { get; private set; } = "";

    public byte[] ClientSecret { get; private set; } = [];

    public string RedirectUri { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }
}
