using System.Globalization;
using System.Text.Json.Nodes;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.CustomFields;

/// <summary>How a list compares a custom field: its values contain one, or they are above or below a bound.</summary>
public enum CustomFieldComparison
{
    /// <summary><c>custom_fields @&gt; Json</c>, where Json is <c>{"key": value}</c>.</summary>
    Contains,
    Above,
    AtLeast,
    Below,
    AtMost,
}

/// <summary>
/// One condition of a list on a custom field (<c>cf</c>). For <see cref="CustomFieldComparison.Contains"/>, Json is
/// the object the record's values contain; for a bound, it is the bound's value and <paramref name="JsonType"/> the
/// JSON type (<c>number</c>, <c>string</c>) a value must have to be compared with it.
/// </summary>
public sealed record CustomFieldCondition(string Key, CustomFieldComparison Comparison, string Json, string JsonType);

/// <summary>A list sorted by a custom field's value (<c>cfSort</c>): missing values first in ascending order.</summary>
public sealed record CustomFieldSort(string Key, bool Descending);

/// <summary>What a list asks of custom fields: its conditions, and the field it sorts by if any.</summary>
public sealed record CustomFieldListing(IReadOnlyList<CustomFieldCondition> Conditions, CustomFieldSort? Sort)
{
    public static CustomFieldListing None { get; } = new([], null);
}

public sealed partial class CustomFieldSchema
{
    public const int MaxFilters = 10;

    private const string FilterForm =
        "Each value must be <key>:<value> or a bound <key>>=<value>, <key>><value>, <key><=<value>, <key><<value> "
        + "(e.g. cf=loan_purpose:mortgage, cf=monthly_income>=100000).";

    /// <summary>
    /// The list's conditions <c>cf=&lt;key&gt;&lt;op&gt;&lt;value&gt;</c> and its sort <c>cfSort=[-]&lt;key&gt;</c>.
    /// <c>:</c> is containment (the value read as the field's type reads it, a multiselect's option as a list of
    /// one); a bound (<c>&gt;=</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&lt;</c>) and the sort need a sortable field, whose
    /// own index answers them.
    /// </summary>
    public Result<CustomFieldListing> Listing(
        CustomFieldEntity entity,
        IReadOnlyList<string> filters,
        string? sort
    )
    {
        if (filters.Count > MaxFilters)
        {
            return Error.Validation("cf", $"At most {MaxFilters} custom field filters.");
        }

        var conditions = new List<CustomFieldCondition>();
        foreach (var filter in filters)
        {
            var condition = Condition(entity, filter);
            if (!condition.IsSuccess)
            {
                return condition.Error!;
            }

            conditions.Add(condition.Value);
        }

        if (sort is null)
        {
            return new CustomFieldListing(conditions, null);
        }

        var descending = sort.StartsWith('-');
        var key = descending ? sort[1..] : sort;
        if (Find(entity, key) is not { } definition)
        {
            return Unknown(entity, new Dictionary<string, string[]> { ["cfSort"] = [UnknownMessage(entity, key)] });
        }

        return definition.Sortable
            ? new CustomFieldListing(conditions, new CustomFieldSort(key, descending))
            : Error.Validation("cfSort", NotSortable(key));
    }

    private Result<CustomFieldCondition> Condition(CustomFieldEntity entity, string filter)
    {
        // A key is snake_case, so the first other character starts the comparison.
        var end = 0;
        while (end < filter.Length && IsKeyCharacter(filter[end]))
        {
            end++;
        }

        var rest = filter[end..];
        var (comparison, length) = rest switch
        {
            _ when rest.StartsWith(">=", StringComparison.Ordinal) => (CustomFieldComparison.AtLeast, 2),
            _ when rest.StartsWith("<=", StringComparison.Ordinal) => (CustomFieldComparison.AtMost, 2),
            _ when rest.StartsWith('>') => (CustomFieldComparison.Above, 1),
            _ when rest.StartsWith('<') => (CustomFieldComparison.Below, 1),
            _ when rest.StartsWith(':') => (CustomFieldComparison.Contains, 1),
            _ => ((CustomFieldComparison?)null, 0),
        };
        if (end == 0 || comparison is not { } compared)
        {
            return Error.Validation("cf", FilterForm);
        }

        var key = filter[..end];
        if (Find(entity, key) is not { } definition)
        {
            return Unknown(entity, new Dictionary<string, string[]> { ["cf"] = [UnknownMessage(entity, key)] });
        }

        var text = rest[length..];
        return compared == CustomFieldComparison.Contains
            ? Contained(definition, text)
            : Bound(definition, compared, text);
    }

    private static Result<CustomFieldCondition> Contained(CustomFieldDefinition definition, string text)
    {
        var (value, problem) = definition.Type switch
        {
            CustomFieldType.Number or CustomFieldType.Money => Number(text),
            CustomFieldType.Boolean => bool.TryParse(text, out var flag)
                ? (JsonValue.Create(flag), null)
                : ((JsonNode?)null, "Must be true or false."),
            CustomFieldType.Multiselect => definition.Options.Contains(text)
                ? (new JsonArray(JsonValue.Create(text)), null)
                : (null, OptionsMessage(definition)),
            _ => CustomFieldForms.Read(definition, JsonValue.Create(text)),
        };
        return problem is not null
            ? Error.Validation("cf", $"{definition.Key}: {problem}")
            : new CustomFieldCondition(
                definition.Key,
                CustomFieldComparison.Contains,
                new JsonObject { [definition.Key] = value }.ToJsonString(),
                ""
            );
    }

    /// <summary>A bound on a sortable number, money, date or text field: numbers compare as numbers, dates and text
    /// as text (an ISO date's text order is its order in time).</summary>
    private static Result<CustomFieldCondition> Bound(
        CustomFieldDefinition definition,
        CustomFieldComparison comparison,
        string text
    )
    {
        if (!definition.Sortable)
        {
            return Error.Validation("cf", NotSortable(definition.Key));
        }

        var jsonType = definition.Type switch
        {
            CustomFieldType.Number or CustomFieldType.Money => "number",
            CustomFieldType.Date or CustomFieldType.Text => "string",
            _ => null,
        };
        if (jsonType is null)
        {
            return Error.Validation(
                "cf",
                $"{definition.Key}: takes no bound; only number, money, date and text fields compare by order."
            );
        }

        var (value, problem) = jsonType == "number"
            ? Number(text)
            : CustomFieldForms.Read(definition, JsonValue.Create(text));
        return problem is not null
            ? Error.Validation("cf", $"{definition.Key}: {problem}")
            : new CustomFieldCondition(definition.Key, comparison, value!.ToJsonString(), jsonType);
    }

    private static bool IsKeyCharacter(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_';

    private static (JsonNode? Value, string? Problem) Number(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? (JsonValue.Create(number), null)
            : (null, "Must be a number.");

    private static string NotSortable(string key) =>
        $"{key} is not sortable: only a field whose definition is sortable takes a bound or sorts a list "
        + "(PATCH /api/v1/custom-field-definitions/{id} with sortable: true).";
}
