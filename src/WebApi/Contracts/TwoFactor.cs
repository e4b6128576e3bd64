namespace MakCrm.WebApi.Contracts;

/// <summary>What an authenticator app needs (schema <c>TwoFactorEnrolment</c>).</summary>
public sealed record TwoFactorEnrolment(string SharedKey, string AuthenticatorUri, string QrCodeSvg);

/// <summary>One-time recovery codes, shown once (schema <c>RecoveryCodes</c>).</summary>
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>A code from the authenticator app (schema <c>TwoFactorCodeRequest</c>).</summary>
public sealed record TwoFactorCodeRequest
{
    public required string Code { get; init; }
}
