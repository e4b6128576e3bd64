using System.Text.Json;
using MakCrm.Domain.Common;

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
    public static string Allowed { get; } = string.Join(", ", SnakeCaseNames<TEnum>.All.Order(StringComparer.Ordinal));

    public static TEnum? Parse(string? text) => SnakeCaseNames<TEnum>.Parse(text);
}
