namespace MakCrm.Infrastructure.Security;

/// <summary>An RFC 6749 section 5.1 token response.</summary>
public sealed record TokenResponse(string AccessToken, int ExpiresIn, string? RefreshToken, string Scope)
{
    public string TokenType => "Bearer";
}
