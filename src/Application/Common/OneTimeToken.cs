using System.Security.Cryptography;
using System.Text;

namespace MakCrm.Application.Common;

/// <summary>
/// A one-time token sent by e-mail (an invitation, a password reset): 32 random bytes, base64url (safe in a link), and
/// stored only as its SHA-256 in hex, so that a reader of the database cannot use a pending link.
/// </summary>
public sealed record OneTimeToken(string Value, string Hash)
{
    public static OneTimeToken New()
    {
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new OneTimeToken(value, HashOf(value));
    }

    /// <summary>The stored form of a token a caller presents (any text: a forged one simply matches nothing).</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
