using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// Compact JWS (RFC 7515) JWTs (RFC 7519) signed with RS256, written and checked with the BCL only (the
/// IdentityModel packages cannot be used here, see DEPENDENCIES.md). Validation accepts RS256 and nothing else:
/// <c>alg: none</c>, HMAC algorithms (the classic public-key-as-HMAC-secret attack) and anything unknown are refused
/// before a key is even looked at.
/// </summary>
public static class Jwt
{
    public static string Sign(JsonObject claims, SigningKeyRing.Key key)
    {
        var header = new JsonObject
        {
            ["alg"] = "RS256",
            ["typ"] = "JWT",
            ["kid"] = key.Kid,
        };
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var signature = key.Rsa.SignData(
            Encoding.ASCII.GetBytes(signingInput),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1
        );
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>Checks form, algorithm, key, signature, issuer, audience and lifetime; returns the claims or why
    /// not.</summary>
    public static JwtCheck Validate(
        string token,
        SigningKeyRing.Snapshot keys,
        AccessTokenOptions options,
        DateTimeOffset now
    )
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return JwtCheck.Fail("malformed");
        }

        if (ParseObject(parts[0]) is not { } header || ParseObject(parts[1]) is not { } claims)
        {
            return JwtCheck.Fail("malformed");
        }

        if (header["alg"]?.GetValueKind() != JsonValueKind.String || header["alg"]!.GetValue<string>() != "RS256")
        {
            return JwtCheck.Fail("unsupported_algorithm");
        }

        if (
            header["kid"]?.GetValueKind() != JsonValueKind.String
            || !keys.Verifying.TryGetValue(header["kid"]!.GetValue<string>(), out var key)
        )
        {
            return JwtCheck.Fail("unknown_key");
        }

        byte[] signature;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return JwtCheck.Fail("malformed");
        }

        if (
            !key.Rsa.VerifyData(
                Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"),
                signature,
                HashAlgorithmName.SHA256,
                RSASignaturePadding.Pkcs1
            )
        )
        {
            return JwtCheck.Fail("bad_signature");
        }

        if (String(claims, "iss") != options.Issuer)
        {
            return JwtCheck.Fail("wrong_issuer");
        }

        var audience = claims["aud"];
        var audiences = audience switch
        {
            JsonArray array => array.Select(a =>
                a?.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : null
            ),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
            _ => [],
        };
        if (!audiences.Contains(options.Audience))
        {
            return JwtCheck.Fail("wrong_audience");
        }

        return LifetimeFailure(Time(claims, "exp"), Time(claims, "nbf"), options, now) is { } failure
            ? JwtCheck.Fail(failure)
            : new JwtCheck(claims, null, key.Kid);
    }

    /// <summary>Why a token with these <c>exp</c> and <c>nbf</c> is not valid at <paramref name="now"/>, or null when
    /// it is.</summary>
    public static string? LifetimeFailure(
        DateTimeOffset? expires,
        DateTimeOffset? notBefore,
        AccessTokenOptions options,
        DateTimeOffset now
    ) =>
        expires is null || now - options.ClockSkew >= expires ? "expired"
        : notBefore is { } start && now + options.ClockSkew < start ? "not_yet_valid"
        : null;

    public static string? String(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static DateTimeOffset? Time(JsonObject claims, string name) =>
        claims[name] is JsonValue value
        && value.GetValueKind() == JsonValueKind.Number
        && value.TryGetValue<long>(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static string Encode(JsonObject json) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonObject? ParseObject(string part)
    {
        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(part)) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>The outcome of <see cref="Jwt.Validate"/>: the claims and the key that signed them, or the reason the token
/// was refused.</summary>
public sealed record JwtCheck(JsonObject? Claims, string? Failure, string? Kid = null)
{
    public static JwtCheck Fail(string reason) => new(null, reason);

    public bool IsValid => Failure is null;
}
