using System.Collections.Frozen;
using System.Text.Json;

namespace MakCrm.WebApi.Http;

/// <summary>Enums on the wire are snake_case (<c>lead_generation</c>), in JSON bodies and in query strings alike.</summary>
public static class WireEnum
{
    /// <summary>The wire spellings of an enum's members, in declaration order.</summary>
    public static IReadOnlyList<string> Names(Type enumType) =>
        Enum.GetNames(enumType).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName).ToList();
}

/// <inheritdoc cref="WireEnum"/>
public static class WireEnum<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<string, TEnum> ByName =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), StringComparer.Ordinal);

    public static string Allowed { get; } = string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal));

    public static TEnum? Parse(string? text) => text is not null && ByName.TryGetValue(text, out var value) ? value : null;
}
