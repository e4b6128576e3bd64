using System.Security.Cryptography;

namespace MakCrm.Application.Common;

/// <summary>
/// A one-time token sent by e-mail (an invitation, a password reset): 32 random bytes, base64url (safe in a link), and
/// stored only as its <see cref="SecretHash"/>, so that a reader of the database cannot use a pending link.
/// </summary>
public sealed record OneTimeToken(string Value, string Hash)
{
    public static OneTimeToken New()
    {
        var value = Convert
            .ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=')
            .Replace('+', '-')
            .Replace('/', '_');
        return new OneTimeToken(value, SecretHash.Of(value));
    }
}
