namespace MakCrm.Client;

/// <summary>
/// The settings of the client that <c>services.AddMakCrmClient(...)</c>
/// registers, from code or bound from a configuration section such as
/// <c>{ "MakCrm": { "BaseAddress": "https://crm.example/", "ClientId": "lead-platform", "ClientSecret": "…" } }</c>.
/// </summary>
public sealed class MakCrmClientOptions
{
    /// <summary>The address of the MaK CRM server, e.g. <c>https://crm.example/</c> (required).</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The OAuth <c>client_id</c>: of an API client (with <see cref="ClientSecret"/>) or of a first-party client such as <c>mak-cabinet</c> (with <see cref="Username"/> and <see cref="Password"/>).</summary>
    public string? ClientId { get; set; }

    /// <summary>The API client's secret (client credentials). Keep it out of source code: configuration, a secret store.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Client credentials only: the scopes to narrow the token to; empty for every scope of the client.</summary>
    public IList<string> Scopes { get; set; } = [];

    /// <summary>The e-mail of a person who signs in with a password (the password grant), instead of client credentials.</summary>
    public string? Username { get; set; }

    /// <summary>The person's password (with <see cref="Username"/>).</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Who to sign in as, from code (<see cref="MakCrmCredentials.ClientCredentials"/>, <see cref="MakCrmCredentials.Password"/>);
    /// when set it wins over <see cref="ClientId"/>, <see cref="ClientSecret"/>, <see cref="Username"/> and
    /// <see cref="Password"/>. With no credentials at all the client is anonymous (registration, invitations).
    /// </summary>
    public MakCrmCredentials? Credentials { get; set; }

    /// <summary>Settings of the token provider (refresh margin, clock, two-factor codes); null for the defaults.</summary>
    public MakCrmTokenOptions? Tokens { get; set; }

    /// <summary>When requests answered 429 or 503 are repeated.</summary>
    public MakCrmRetryOptions Retry { get; set; } = new();

    /// <summary>Whether operations that take an <c>Idempotency-Key</c> get a random one when the call passes none (true by default).</summary>
    public bool AutomaticIdempotencyKeys { get; set; } = true;

    /// <summary>The timeout of one call, retries included (<see cref="HttpClient.Timeout"/>, 100 seconds by default).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The credentials these options describe, or null for an anonymous client.</summary>
    public MakCrmCredentials? ResolveCredentials()
    {
        if (Credentials is not null)
        {
            return Credentials;
        }

        if (string.IsNullOrEmpty(ClientId))
        {
            return null;
        }

        return !string.IsNullOrEmpty(Username)
            ? MakCrmCredentials.Password(ClientId, Username, Password ?? "")
            : MakCrmCredentials.ClientCredentials(ClientId, ClientSecret ?? "", Scopes);
    }

    /// <summary>The server's address with a trailing slash (relative requests keep a path such as <c>/gateway/</c>).</summary>
    internal Uri ServerAddress =>
        BaseAddress is { IsAbsoluteUri: true } address
            ? address.AbsolutePath.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/")
            : throw new InvalidOperationException("MakCrmClientOptions.BaseAddress must be set to the server's absolute address, e.g. https://crm.example/.");
}
