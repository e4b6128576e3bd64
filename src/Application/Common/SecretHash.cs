using System.Security.Cryptography;
using System.Text;

namespace MakCrm.Application.Common;

/// <summary>
/// The stored form of a random secret (refresh and MFA tokens, client secrets, one-time links): its SHA-256 in
/// lowercase
/// hex. The secrets are 256 random bits, so one unsalted hash is enough to keep a reader of the database from using
/// them,
/// and a presented secret is looked up by its hash.
/// </summary>
public static class SecretHash
{
    public static string Of(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
