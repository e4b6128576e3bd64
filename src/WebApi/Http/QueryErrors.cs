using MakCrm.Domain.Common;

namespace MakCrm.WebApi.Http;

/// <summary>Collects query-string values that bound but are not valid, as per-field errors.</summary>
public sealed class QueryErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    /// <summary>A required parameter's value, which the binding has made sure was sent.</summary>
    public TEnum? Enum<TEnum>(string name, QueryEnum<TEnum> value)
        where TEnum : struct, Enum => Enum(name, (QueryEnum<TEnum>?)value);

    public TEnum? Enum<TEnum>(string name, QueryEnum<TEnum>? value)
        where TEnum : struct, Enum
    {
        if (value is { IsValid: false })
        {
            _errors[name] = [$"Must be one of: {SnakeCaseNames<TEnum>.Allowed}."];
        }

        return value?.Value;
    }

    public IReadOnlyList<TEnum>? Enums<TEnum>(string name, QueryEnum<TEnum>[]? values)
        where TEnum : struct, Enum
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        if (values.Any(v => !v.IsValid))
        {
            _errors[name] = [$"Each value must be one of: {SnakeCaseNames<TEnum>.Allowed}."];
        }

        return values.Where(v => v.IsValid).Select(v => v.Value!.Value).ToList();
    }

    /// <summary>A deprecated parameter sent together with the one that replaces it: refused, whatever the values, so
    /// that no request depends on which of the two wins.</summary>
    public void Replaced(string deprecated, bool deprecatedSent, string replacement, bool replacementSent)
    {
        if (deprecatedSent && replacementSent)
        {
            _errors[deprecated] = [$"Send {replacement} only: {deprecated} is its deprecated name."];
        }
    }

    public Error? AsError() => _errors.Count == 0 ? null : Error.Validation(_errors);
}
