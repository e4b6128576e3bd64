namespace MakCrm.Infrastructure.Identity;

/// <summary>
/// An RSA key that signs access tokens. The newest key signs; a retired key stays in the JWKS until every token it
/// signed has expired. The private key is stored encrypted with the key-encryption key from configuration.
/// </summary>
public sealed class SigningKey
{
    public string Kid { get; set; } = "";

    public byte[] EncryptedPrivateKey { get; set; } = [];

    public string Modulus { get; set; } = "";

    public string Exponent { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
