namespace MakCrm.Infrastructure.Security;

/// <summary>An RFC 6749 section 5.2 error: the <c>error</c> code, a description, and the HTTP status to answer
/// with.</summary>
public sealed record OAuthError(string Error, string Description, int Status = 400, string? MfaToken = null)
{
    public static OAuthError InvalidRequest(string description) => new("invalid_request", description);

    public static OAuthError InvalidClient(string description) => new("invalid_client", description, 401);

    public static OAuthError InvalidGrant(string description) => new("invalid_grant", description);

    public static OAuthError UnsupportedGrantType(string grantType) =>
        new("unsupported_grant_type", $"The grant type '{grantType}' is not supported.");

    public static OAuthError InvalidScope(string description) => new("invalid_scope", description);
}
