using System.Text.Json;
using System.Text.Json.Nodes;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// The claims of a verified access token that authentication reads, as an immutable value that can be shared between
/// requests (a <see cref="JsonObject"/> cannot: it builds its members lazily, on first read).
/// </summary>
public sealed record AccessTokenClaims(
    string? Subject,
    string? ClientId,
    string? Organization,
    string? SignIn,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> AuthenticationMethods,
    long? AuthenticatedAt,
    bool EnrolmentOnly,
    string? Scope,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? NotBefore,
    string? Actor = null
)
{
    /// <summary>Whether an API client acts for the user with this token (it has an <c>act</c> claim): then it may do no
    /// more than its <see cref="Scope"/>.</summary>
    public bool IsDelegated => Actor is not null;

    /// <summary>Reads the claims of a token <see cref="Jwt.Validate"/> accepted, which has an <c>exp</c>.</summary>
    public static AccessTokenClaims From(JsonObject claims) =>
        new(
            Jwt.String(claims, "sub"),
            Jwt.String(claims, "client_id"),
            Jwt.String(claims, "org"),
            Jwt.String(claims, "sid"),
            Strings(claims["roles"]),
            Strings(claims["amr"]),
            claims["auth_time"] is JsonValue authTime && authTime.TryGetValue<long>(out var seconds) ? seconds : null,
            claims["enrolment_only"]?.GetValueKind() == JsonValueKind.True,
            Jwt.String(claims, "scope"),
            Jwt.Time(claims, "exp")
                ?? throw new ArgumentException("A validated token has an exp claim.", nameof(claims)),
            Jwt.Time(claims, "nbf"),
            claims["act"] is JsonObject act ? Jwt.String(act, "sub") : null
        );

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array
            ? array
                .Where(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                .Select(n => n!.GetValue<string>())
                .ToArray()
            : [];
}
