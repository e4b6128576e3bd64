using System.Security.Cryptography;

namespace MakCrm.Infrastructure.Security;

/// <summary>AES-256-GCM with the configured key-encryption key: nonce ‖ tag ‖ ciphertext.</summary>
internal sealed class KeyEncryption
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public KeyEncryption(string? base64Key)
    {
        if (string.IsNullOrWhiteSpace(base64Key))
        {
            throw new InvalidOperationException(
                "No key-encryption key: set MAK_KEY_ENCRYPTION_KEY to base64 of 32 random bytes (openssl rand "
                    + "-base64 32). ./mak sets one for local runs."
            );
        }

        _key = Convert.FromBase64String(base64Key);
        if (_key.Length != 32)
        {
            throw new InvalidOperationException("MAK_KEY_ENCRYPTION_KEY must be base64 of exactly 32 bytes.");
        }
    }

    public byte[] Encrypt(byte[] plaintext)
    {
        var result = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = result.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, result.AsSpan(NonceSize + TagSize), result.AsSpan(NonceSize, TagSize));
        return result;
    }

    public byte[] Decrypt(byte[] sealedBox)
    {
        var plaintext = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(
            sealedBox.AsSpan(0, NonceSize),
            sealedBox.AsSpan(NonceSize + TagSize),
            sealedBox.AsSpan(NonceSize, TagSize),
            plaintext
        );
        return plaintext;
    }
}
