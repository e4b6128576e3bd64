namespace MakCrm.Infrastructure.Security;

/// <summary>
/// How and when a user signed in: the methods (RFC 8176 <c>amr</c> values: <c>pwd</c>, plus <c>otp</c> or <c>rc</c>
/// for a recovery code) and the moment they were proven. Refreshing a sign-in keeps both.
/// </summary>
public sealed record SignInProof(string Amr, DateTimeOffset AuthenticatedAt)
{
    public bool HasSecondFactor => Amr.Split(' ').Any(a => a is "otp" or "rc");
}
