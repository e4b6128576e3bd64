using System.Globalization;

namespace MakCrm.Application.Common;

/// <summary>The sorts a list accepts, as spelled in the query string: each field ascending, then descending.</summary>
public interface ISortCatalog
{
    IReadOnlyList<string> Values { get; }
}

/// <summary>
/// The sorts a list offers (<c>createdAt</c>, <c>-createdAt</c>, ...), how to read the keyset value of each from a
/// row, and how that value travels inside a cursor.
/// </summary>
public sealed class SortCatalog<TField, TRow> : ISortCatalog
    where TField : struct, Enum
{
    private readonly Dictionary<string, (TField Field, Type ValueType, Func<TRow, object> Value)> _fields;

    private readonly string _list;

    /// <param name="list">The list the cursors belong to, so that a cursor of one list is refused by another.</param>
    public SortCatalog(
        string list,
        string defaultSort,
        params (string Name, TField Field, Type ValueType, Func<TRow, object> Value)[] fields
    )
    {
        _list = list;
        _fields = fields.ToDictionary(f => f.Name, f => (f.Field, f.ValueType, f.Value), StringComparer.Ordinal);
        Default =
            Parse(defaultSort)
            ?? throw new ArgumentException("The default sort is not in the catalog.", nameof(defaultSort));
        Values = [.. fields.SelectMany(f => new[] { f.Name, "-" + f.Name })];
        Allowed = string.Join(", ", Values);
    }

    public SortOption<TField> Default { get; }

    /// <summary>The custom field values of a row, for a list that sorts by custom fields (<c>cfSort</c>).</summary>
    public Func<TRow, CustomFields.CustomFieldValues>? CustomFieldsOf { get; init; }

    /// <summary>The sort by a custom field's value, named <c>cf.&lt;key&gt;</c> (<c>-cf.&lt;key&gt;</c>) in cursors.
    /// </summary>
    public SortOption<TField> ByCustomField(CustomFields.CustomFieldSort sort) =>
        new((sort.Descending ? "-cf." : "cf.") + sort.Key, Default.Field, sort.Descending)
        {
            CustomFieldKey = sort.Key,
        };

    public IReadOnlyList<string> Values { get; }

    /// <summary>The accepted spellings, for error messages.</summary>
    public string Allowed { get; }

    public bool IsValid(string? sort) => sort is null || Parse(sort) is not null;

    public SortOption<TField> ParseOrDefault(string? sort) => sort is null ? Default : Parse(sort) ?? Default;

    public string NextCursor(SortOption<TField> sort, TRow lastRow, Guid lastId)
    {
        if (sort.CustomFieldKey is { } key)
        {
            var values = CustomFieldsOf?.Invoke(lastRow) ?? throw new InvalidOperationException(_list);
            return CursorCodec.Encode(_list, sort.Name, values.ValueJson(key), lastId);
        }

        var value = _fields[sort.Name.TrimStart('-')].Value(lastRow);
        return CursorCodec.Encode(_list, sort.Name, Format(value), lastId);
    }

    public KeysetPosition? DecodeCursor(SortOption<TField> sort, string cursor)
    {
        if (!CursorCodec.TryDecode(cursor, out var decoded) || decoded.List != _list || decoded.Sort != sort.Name)
        {
            return null;
        }

        if (sort.CustomFieldKey is not null)
        {
            return CustomFields.CustomFieldValues.IsValueJson(decoded.Value)
                ? new KeysetPosition(decoded.Value, decoded.Id)
                : null;
        }

        var valueType = _fields[sort.Name.TrimStart('-')].ValueType;
        var value = ParseValue(decoded.Value, valueType);
        return value is null ? null : new KeysetPosition(value, decoded.Id);
    }

    private SortOption<TField>? Parse(string sort)
    {
        var descending = sort.StartsWith('-');
        return _fields.TryGetValue(descending ? sort[1..] : sort, out var f)
            ? new SortOption<TField>(sort, f.Field, descending)
            : null;
    }

    private static string Format(object value) =>
        value switch
        {
            DateTimeOffset d => d.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            int i => i.ToString(CultureInfo.InvariantCulture),
            string s => s,
            _ => throw new NotSupportedException($"Sort values of type {value.GetType()} are not supported."),
        };

    private static object? ParseValue(string text, Type type)
    {
        if (type == typeof(DateTimeOffset))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d)
                ? d.ToUniversalTime()
                : null;
        }

        if (type == typeof(DateOnly))
        {
            var style = DateTimeStyles.None;
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, style, out var day)
                ? day
                : null;
        }

        if (type == typeof(decimal))
        {
            return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var m) ? m : null;
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;
        }

        return type == typeof(string) ? text : null;
    }
}
