namespace MakCrm.Client;

/// <summary>
/// The token service refused to issue an access token (or answered something that is not one). For the refusals of
/// RFC 6749 (a 400 or 401 with an error object) <see cref="Error"/> holds the OAuth error code:
/// <c>invalid_client</c> (unknown client or wrong secret), <c>invalid_grant</c> (wrong username or password, a locked
/// or disabled account, a refresh token that is spent, revoked or expired), <c>invalid_scope</c>,
/// <c>invalid_request</c> or <c>unsupported_grant_type</c>; <c>mfa_required</c> when the user has two-factor
/// authentication on and the password alone is not enough (then <see cref="MfaToken"/> continues the sign-in with the
/// mfa-otp grant, see <see cref="MakCrmTokenOptions.TwoFactorCode"/>). Otherwise (a 429 with <c>Retry-After</c> in
/// <see cref="MakCrmApiException.Headers"/>, a 5xx, ...) it is null and <see cref="Exception.InnerException"/> is the
/// <see cref="MakCrmApiException"/> of the token endpoint's answer. Network failures and cancellation are not wrapped.
/// </summary>
public sealed class MakCrmAuthenticationException : MakCrmApiException
{
    /// <summary>Creates the exception for an answer of the token service.</summary>
    public MakCrmAuthenticationException(
        string message,
        int statusCode,
        string? response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers,
        string? error,
        string? errorDescription,
        Exception? innerException)
        : base(message, statusCode, response, headers, innerException)
    {
        Error = error;
        ErrorDescription = errorDescription;
    }

    /// <summary>The OAuth error code (RFC 6749, section 5.2), e.g. <c>invalid_client</c>; null when the answer had none.</summary>
    public string? Error { get; }

    /// <summary>The server's human-readable <c>error_description</c>, if any.</summary>
    public string? ErrorDescription { get; }

    /// <summary>
    /// With <see cref="Error"/> <c>mfa_required</c>: the token (valid 5 minutes) that, with a code from the user's
    /// authenticator app or a recovery code, gets the tokens from the grant
    /// <c>urn:mak:params:oauth:grant-type:mfa-otp</c>; otherwise null.
    /// </summary>
    public string? MfaToken { get; init; }

    internal static MakCrmAuthenticationException From(MakCrmApiException exception, string what)
    {
        var (error, description, mfaToken) = exception is MakCrmApiException<TokenError> oauth
            ? (oauth.Result.Error, oauth.Result.Error_description, oauth.Result.Mfa_token)
            : ((string?)null, (string?)null, (string?)null);
        var reason = error is null ? $"HTTP {exception.StatusCode}" : description is null ? error : $"{error}: {description}";
        return new MakCrmAuthenticationException(
            $"{what} failed ({reason}).", exception.StatusCode, exception.Response, exception.Headers, error, description, exception)
        {
            MfaToken = mfaToken,
        };
    }
}
