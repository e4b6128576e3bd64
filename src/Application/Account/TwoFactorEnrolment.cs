namespace MakCrm.Application.Account;

/// <summary>What an authenticator app needs: the shared key, the otpauth:// URI and the same URI as a QR code
/// (SVG).</summary>
public sealed record TwoFactorEnrolment(string SharedKey, string AuthenticatorUri, string QrCodeSvg);
