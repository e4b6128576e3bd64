namespace MakCrm.Client;

/// <summary>Settings of a <see cref="MakCrmTokenProvider"/>; the defaults suit production.</summary>
public sealed class MakCrmTokenOptions
{
    /// <summary>
    /// How long before its expiry an access token is replaced (60 seconds by default), so that a request never
    /// leaves with a token that expires on the way. At most half of the token's lifetime is used.
    /// </summary>
    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock that tells when a token is due for renewal (<see cref="TimeProvider.System"/> by default).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The handler that carries the requests to <c>/connect/token</c> and <c>/connect/revoke</c>; null (the default)
    /// for a <see cref="SocketsHttpHandler"/> of the provider's own, which it disposes. A handler given here is not
    /// disposed by the provider, and must not be the pipeline the <see cref="MakCrmTokenHandler"/> sits in.
    /// </summary>
    public HttpMessageHandler? TokenHttpHandler { get; init; }

    /// <summary>
    /// Client credentials only: send <c>client_id</c> and <c>client_secret</c> in the form body
    /// (<c>client_secret_post</c>) instead of HTTP Basic (<c>client_secret_basic</c>, the default).
    /// </summary>
    public bool SendClientSecretInBody { get; init; }

    /// <summary>
    /// For a user with two-factor authentication: called when the password grant answers <c>mfa_required</c>, it
    /// returns a current 6-digit code of the user's authenticator app, with which the provider completes the sign-in
    /// (grant <c>urn:mak:params:oauth:grant-type:mfa-otp</c>). Null (the default) to fail with a
    /// <see cref="MakCrmAuthenticationException"/> whose <see cref="MakCrmAuthenticationException.Error"/> is
    /// <c>mfa_required</c> and whose <see cref="MakCrmAuthenticationException.MfaToken"/> the caller may use itself.
    /// A wrong code fails with <c>invalid_grant</c> and counts towards the account's lockout.
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TwoFactorCode { get; init; }
}
