namespace MakCrm.Infrastructure.Security;

/// <summary>An RFC 6749 section 5.1 token response; a token exchange's also says what it issued (RFC 8693 section
/// 2.2.1).</summary>
public sealed record TokenResponse(
    string AccessToken,
    int ExpiresIn,
    string? RefreshToken,
    string Scope,
    string? IssuedTokenType = null
)
{
    public string TokenType => "Bearer";
}
