using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// RFC 6238 TOTP as authenticator apps compute it (HMAC-SHA1, 6 digits, 30-second steps), with the window Identity's
/// authenticator provider accepts (two steps either way), but telling which step a code belongs to: a code is
/// accepted once, and after it only codes of later steps (RFC 6238 §5.2), so the step is what is remembered.
/// </summary>
public static class TotpCodes
{
    public const int StepSeconds = 30;
    public const int WindowSteps = 2;
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The latest step within the window at <paramref name="now"/> whose code is <paramref name="code"/>, or
    /// null.</summary>
    public static long? LatestMatchingStep(string base32Key, string code, DateTimeOffset now)
    {
        code = code.Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) || Decode(base32Key) is not { Length: > 0 } key)
        {
            return null;
        }

        var current = now.ToUnixTimeSeconds() / StepSeconds;
        for (var step = current + WindowSteps; step >= current - WindowSteps; step--)
        {
            if (
                CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(Code(key, step)),
                    System.Text.Encoding.ASCII.GetBytes(code)
                )
            )
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>The code of one step (RFC 4226 dynamic truncation of HMAC-SHA1 over the big-endian step
    /// number).</summary>
    public static string Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32 (the shared key as the app is given it; case and padding ignored); null when it is not
    /// base32.</summary>
    public static byte[]? Decode(string base32)
    {
        var bytes = new List<byte>(base32.Length * 5 / 8);
        int buffer = 0,
            bits = 0;
        foreach (var c in base32)
        {
            if (c is '=' or ' ')
            {
                continue;
            }

            var value = Base32Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
