using System.Collections.Frozen;
using System.Text.Json;

namespace MakCrm.Domain.Common;

/// <summary>
/// The one spelling of an enum outside C#: snake_case (<c>lead_generation</c>), used on the wire and in the database
/// alike, so that a value reads the same in a response, a query string and a SQL row.
/// </summary>
public static class SnakeCaseNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> Values =
        Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every spelling, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<TEnum>().Select(v => Names[v]).ToList();

    public static string Of(TEnum value) => Names[value];

    public static TEnum? Parse(string? text) => text is not null && Values.TryGetValue(text, out var value) ? value : null;
}
