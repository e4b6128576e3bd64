using System.Security.Cryptography;
using System.Text;

namespace MakCrm.Infrastructure.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> with each
/// secret, space-separated; secrets are shown as <c>whsec_</c> and base64 of 32 random bytes.
/// </summary>
public static class WebhookSigning
{
    public const string SecretPrefix = "whsec_";

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    public static string Show(byte[] key) => SecretPrefix + Convert.ToBase64String(key);

    /// <summary>The key of a <c>whsec_</c> secret.</summary>
    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(
            secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret
        );

    /// <summary>The <c>webhook-signature</c> header: one <c>v1,</c> signature per key.</summary>
    public static string Signature(string messageId, long timestamp, ReadOnlySpan<byte> body, IEnumerable<byte[]> keys)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return string.Join(' ', keys.Select(key => "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content))));
    }
}
