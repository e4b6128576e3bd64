using System.Text.Json;
using System.Text.Json.Serialization;
using MakCrm.Domain.Reports;

namespace MakCrm.Application.Reports;

/// <summary>
/// A report query as a client sends it and as a saved report keeps it: fields are picked from the catalogue by key,
/// values are strings parsed by their field's type. Nothing of it reaches SQL as text.
/// </summary>
public sealed record ReportDefinition(
    string Dataset,
    IReadOnlyList<ReportDimension> Dimensions,
    IReadOnlyList<ReportMeasure> Measures,
    ReportFilter? Filter,
    IReadOnlyList<ReportSort> Sort,
    int? Limit,
    string? TimeZone
)
{
    private static readonly JsonSerializerOptions Storage = new(JsonSerializerDefaults.Web)
    {
        Converters = { SnakeCaseNames.JsonConverter(allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The fields the definition names: its dimensions', its measures' and its filters'.</summary>
    public IEnumerable<string> FieldKeys() =>
        Dimensions
            .Select(d => d.Field)
            .Concat(Measures.SelectMany(m => m.Field is { } field ? [field] : Array.Empty<string>()))
            .Concat(
                new[] { Filter }
                    .Concat(Measures.SelectMany(m => new[] { m.Numerator, m.Denominator }))
                    .SelectMany(f => f?.FieldKeys() ?? [])
            );

    /// <summary>The definition as a saved report stores it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Storage);

    /// <summary>A stored definition; <c>null</c> when it cannot be read as one.</summary>
    public static ReportDefinition? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportDefinition>(json, Storage);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A field to group by; a time field may name a bucket (a day when it names none).</summary>
public sealed record ReportDimension(string Field, Contracts.ReportTimeBucket? TimeBucket);

/// <summary>An aggregate: <c>count</c> and <c>conversion</c> take no field, the others one.</summary>
public sealed record ReportMeasure(
    Contracts.ReportMeasureOp Op,
    string? Field,
    string? As,
    ReportFilter? Numerator,
    ReportFilter? Denominator
);

/// <summary>A node of the filter tree: exactly one of <c>and</c>, <c>or</c>, <c>not</c> or a condition (<c>field</c>,
/// <c>operator</c>, <c>values</c>).</summary>
public sealed record ReportFilter(
    IReadOnlyList<ReportFilter>? And,
    IReadOnlyList<ReportFilter>? Or,
    ReportFilter? Not,
    string? Field,
    ReportOperator? Operator,
    IReadOnlyList<string>? Values
)
{
    private static readonly JsonSerializerOptions Storage = new(JsonSerializerDefaults.Web)
    {
        Converters = { SnakeCaseNames.JsonConverter(allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The fields the filter's conditions name.</summary>
    public IEnumerable<string> FieldKeys() =>
        (Field is { } field ? [field] : Array.Empty<string>()).Concat(
            (And ?? []).Concat(Or ?? []).Concat(Not is { } not ? [not] : []).SelectMany(f => f.FieldKeys())
        );

    /// <summary>The filter as the contract's <c>ReportFilter</c>.</summary>
    public Contracts.ReportFilter ToWire() =>
        new()
        {
            And = And?.Select(x => x.ToWire()).ToList(),
            Or = Or?.Select(x => x.ToWire()).ToList(),
            Not = Not?.ToWire(),
            Field = Field,
            Operator = Operator,
            Values = Values,
        };

    /// <summary>The contract's <c>ReportFilter</c> as a filter.</summary>
    public static ReportFilter FromWire(Contracts.ReportFilter f) =>
        new(
            f.And?.Select(FromWire).ToList(),
            f.Or?.Select(FromWire).ToList(),
            f.Not is null ? null : FromWire(f.Not),
            f.Field,
            f.Operator,
            f.Values
        );

    /// <summary>The filter as an automation rule keeps it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Storage);

    /// <summary>A kept filter; <c>null</c> when it cannot be read as one.</summary>
    public static ReportFilter? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportFilter>(json, Storage);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Sorts by a dimension's field key or a measure's name.</summary>
public sealed record ReportSort(string By, Contracts.ReportSortDirection Direction);
