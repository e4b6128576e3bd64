using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Http;

/// <summary>
/// An enum in the query string, in its wire spelling. Binding always succeeds and keeps what was sent, so that an
/// unknown value becomes a per-field validation error instead of a bare 400.
/// </summary>
public readonly record struct QueryEnum<TEnum>(string Raw, TEnum? Value)
    where TEnum : struct, Enum
{
    public static bool TryParse(string? raw, out QueryEnum<TEnum> result)
    {
        result = new QueryEnum<TEnum>(raw ?? "", SnakeCaseNames<TEnum>.Parse(raw));
        return true;
    }

    public bool IsValid => Value is not null;
}

public static class QueryEnums
{
    /// <summary>The values of a checked list of enums (<see cref="ICheckedQuery"/>), or <c>null</c> when none was
    /// sent.</summary>
    public static IReadOnlyList<TEnum>? Values<TEnum>(this QueryEnum<TEnum>[]? values)
        where TEnum : struct, Enum =>
        values is null || values.Length == 0 ? null : values.Select(v => v.Value!.Value).ToList();
}
