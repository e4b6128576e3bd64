using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MakCrm.Domain.Common;

/// <summary>
/// The one spelling of an enum outside C#: snake_case (<c>lead_generation</c>), used on the wire, in the database, in
/// audit records and in exported files alike, so that a value reads the same in a response, a query string, a SQL row
/// and a spreadsheet. Every spelling, the JSON converters' included, comes from <see cref="Policy"/>; the names are
/// computed once per enum type.
/// </summary>
public static class SnakeCaseNames
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>> ByType = new();

    /// <summary>The naming rule behind every spelling.</summary>
    public static JsonNamingPolicy Policy => JsonNamingPolicy.SnakeCaseLower;

    /// <summary>A JSON converter that reads and writes every enum in this spelling.</summary>
    public static JsonStringEnumConverter JsonConverter(bool allowIntegerValues = true) =>
        new(Policy, allowIntegerValues);

    /// <summary>The spelling of one value, its enum type inferred.</summary>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => SnakeCaseNames<TEnum>.Of(value);

    /// <summary>Every spelling of an enum known only at run time, in the order of its values.</summary>
    public static IReadOnlyList<string> All(Type enumType) =>
        ByType.GetOrAdd(enumType, static type => Enum.GetNames(type).Select(Policy.ConvertName).ToList());
}

/// <inheritdoc cref="SnakeCaseNames"/>
public static class SnakeCaseNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Names = Enum.GetValues<TEnum>()
        .ToFrozenDictionary(v => v, v => SnakeCaseNames.Policy.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> Values = Names.ToFrozenDictionary(
        p => p.Value,
        p => p.Key,
        StringComparer.Ordinal
    );

    private static readonly FrozenDictionary<string, TEnum> ValuesAnyCase = Names.ToFrozenDictionary(
        p => p.Value,
        p => p.Key,
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>Every spelling, in the order of the values.</summary>
    public static IReadOnlyList<string> All { get; } = SnakeCaseNames.All(typeof(TEnum));

    /// <summary>Every spelling in ordinal order, comma-separated, as a validation message lists the allowed
    /// values.</summary>
    public static string Allowed { get; } = string.Join(", ", All.Order(StringComparer.Ordinal));

    public static string Of(TEnum value) => Names[value];

    public static TEnum? Parse(string? text) =>
        text is not null && Values.TryGetValue(text, out var value) ? value : null;

    /// <summary>Parses a spelling in any letter case, as a person may type it into an imported file.</summary>
    public static TEnum? ParseAnyCase(string? text) =>
        text is not null && ValuesAnyCase.TryGetValue(text, out var value) ? value : null;

    /// <summary>Parses a spelling that a column of this enum holds; anything else is a broken invariant.</summary>
    public static TEnum Stored(string text) =>
        Parse(text) ?? throw new InvalidOperationException($"'{text}' is not a stored {typeof(TEnum).Name}.");
}
