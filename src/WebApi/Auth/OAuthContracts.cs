using System.Text.Json.Serialization;

namespace MakCrm.WebApi.Auth;

/// <summary>The form fields of POST /connect/token (RFC 6749), for the OpenAPI description.</summary>
public sealed record TokenRequest
{
    [JsonPropertyName("grant_type")]
    public required string GrantType { get; init; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }

    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("mfa_token")]
    public string? MfaToken { get; init; }

    [JsonPropertyName("otp")]
    public string? Otp { get; init; }

    [JsonPropertyName("recovery_code")]
    public string? RecoveryCode { get; init; }

    [JsonPropertyName("subject_token")]
    public string? SubjectToken { get; init; }

    [JsonPropertyName("subject_token_type")]
    public string? SubjectTokenType { get; init; }
}

/// <summary>The form fields of POST /connect/revoke (RFC 7009).</summary>
public sealed record RevokeRequest
{
    [JsonPropertyName("token")]
    public required string Token { get; init; }

    [JsonPropertyName("token_type_hint")]
    public string? TokenTypeHint { get; init; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }
}

/// <summary>A successful token response (RFC 6749 section 5.1).</summary>
public sealed record TokenSuccess(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("issued_token_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        string? IssuedTokenType = null
);

/// <summary>An error of the token or revocation endpoint (RFC 6749 section 5.2).</summary>
public sealed record TokenError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string? ErrorDescription,
    [property: JsonPropertyName("mfa_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        string? MfaToken = null
);

/// <summary>Authorization server metadata (RFC 8414).</summary>
public sealed record AuthorizationServerMetadata(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")]
        IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    [property: JsonPropertyName("revocation_endpoint_auth_methods_supported")]
        IReadOnlyList<string> RevocationEndpointAuthMethodsSupported,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")]
        IReadOnlyList<string> SigningAlgValuesSupported
);

/// <summary>A JSON Web Key Set (RFC 7517) of RSA signing keys.</summary>
public sealed record JsonWebKeySet([property: JsonPropertyName("keys")] IReadOnlyList<JsonWebKey> Keys);

public sealed record JsonWebKey(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("e")] string E
);
