using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.CustomFields;

/// <summary>
/// A record's custom field values as stored (a JSON object under the definitions' keys) and whether they have been
/// narrowed to the fields their reader sees. Only narrowed values are answered: a result nobody narrowed shows none,
/// never a field its reader may not see.
/// </summary>
public sealed record CustomFieldValues(string Json, bool Narrowed)
{
    public static CustomFieldValues None { get; } = new("{}", true);

    public static CustomFieldValues Stored(string json) => new(json, false);

    /// <summary>Whether there are no values (<c>{}</c>, as jsonb writes an empty object).</summary>
    public bool IsEmpty => Json.Length <= 2;

    /// <summary>The stored value of a field as JSON text, <c>null</c> when the record has none: the key a list
    /// sorted by the field orders it by.</summary>
    public string ValueJson(string key) =>
        IsEmpty ? "null" : JsonNode.Parse(Json)![key]?.ToJsonString() ?? "null";

    /// <summary>Whether a cursor's text is a value <see cref="ValueJson"/> writes: one JSON value.</summary>
    public static bool IsValueJson(string text)
    {
        try
        {
            return JsonNode.Parse(text) is not JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The values as answered: the narrowed ones, or none.</summary>
    public JsonObject Answer() => Narrowed && !IsEmpty ? JsonNode.Parse(Json)!.AsObject() : [];
}

/// <summary>A result that carries custom field values, which the pipeline narrows to the fields its reader
/// sees.</summary>
public interface ICarriesCustomFields
{
    /// <summary>The entities whose values it carries (none when it carries no values).</summary>
    IEnumerable<CustomFieldEntity> CustomFieldEntities();

    /// <summary>The same result with its values narrowed to the fields of <paramref name="fields"/>.</summary>
    object WithCustomFields(CustomFieldSchema fields);
}

/// <summary>A merge patch of a record's values applied: the values to store, and whether they differ from
/// before.</summary>
public sealed record PatchedCustomFields(string Json, bool Changed);

/// <summary>
/// The custom field definitions one reader sees (archived ones included): what it may read of a record's values, what
/// it may write and in which form, and how a list filters by them.
/// </summary>
public sealed partial class CustomFieldSchema(IReadOnlyList<CustomFieldDefinition> definitions)
{
    public const int MaxTextLength = 1000;

    /// <summary>The values of the fields this schema shows, in the fields' order.</summary>
    public CustomFieldValues Narrow(CustomFieldEntity entity, CustomFieldValues values)
    {
        if (values.IsEmpty)
        {
            return CustomFieldValues.None;
        }

        var stored = JsonNode.Parse(values.Json)!.AsObject();
        var shown = new JsonObject();
        foreach (var definition in definitions.Where(d => d.Entity == entity))
        {
            if (stored[definition.Key] is { } value)
            {
                shown[definition.Key] = value.DeepClone();
            }
        }

        return new CustomFieldValues(shown.ToJsonString(), true);
    }

    /// <summary>The values of a new record, checked and in their stored form; every required field the writer sees
    /// that is not archived has one.</summary>
    public Result<string> Create(CustomFieldEntity entity, JsonObject? input)
    {
        var values = new JsonObject();
        var errors = Apply(entity, values, input ?? []);
        foreach (var missing in Of(entity).Where(d => d.Required && !d.Archived && values[d.Key] is null))
        {
            errors.Invalid.TryAdd(Field(missing.Key), ["Is required."]);
        }

        return errors.AsError(entity) is { } error ? error : values.ToJsonString();
    }

    /// <summary>A merge patch of a record's values: a key given sets its value, <c>null</c> removes it; the fields
    /// not given and those the writer does not see are kept.</summary>
    public Result<PatchedCustomFields> Patch(CustomFieldEntity entity, string stored, JsonObject patch)
    {
        var before = JsonNode.Parse(stored)!.AsObject();
        var values = before.DeepClone().AsObject();
        var errors = Apply(entity, values, patch);
        return errors.AsError(entity) is { } error
            ? error
            : new PatchedCustomFields(values.ToJsonString(), !JsonNode.DeepEquals(values, before));
    }

    /// <summary>The entity's fields this schema shows, in their order.</summary>
    public IEnumerable<CustomFieldDefinition> Of(CustomFieldEntity entity) =>
        definitions.Where(d => d.Entity == entity);

    private CustomFieldDefinition? Find(CustomFieldEntity entity, string key) =>
        definitions.FirstOrDefault(d => d.Entity == entity && d.Key == key);

    private FieldErrors Apply(CustomFieldEntity entity, JsonObject values, JsonObject input)
    {
        var errors = new FieldErrors();
        foreach (var (key, value) in input)
        {
            if (Find(entity, key) is not { } definition)
            {
                errors.Unknown[Field(key)] = [UnknownMessage(entity, key)];
                continue;
            }

            if (value is null)
            {
                if (definition.Required && !definition.Archived)
                {
                    errors.Invalid[Field(key)] = ["Is required; it cannot be removed."];
                }
                else
                {
                    values.Remove(key);
                }

                continue;
            }

            var (read, problem) = CustomFieldForms.Read(definition, value);
            if (problem is not null)
            {
                errors.Invalid[Field(key)] = [problem];
            }
            else if (definition.Archived && !JsonNode.DeepEquals(read, values[key]))
            {
                errors.Invalid[Field(key)] = ["The field is archived: it takes no new values."];
            }
            else
            {
                values[key] = read;
            }
        }

        return errors;
    }

    /// <summary>The name a value's errors are reported under.</summary>
    internal static string Field(string key) => $"customFields.{key}";

    private static string UnknownMessage(CustomFieldEntity entity, string key)
    {
        var name = SnakeCaseNames<CustomFieldEntity>.Of(entity);
        return $"{key} is not a custom field of the {name} that you see; "
            + $"GET /api/v1/custom-field-definitions?entity={name} lists them.";
    }

    private static Error Unknown(CustomFieldEntity entity, IReadOnlyDictionary<string, string[]> fields) =>
        new(
            ErrorCodes.CustomFieldUnknown,
            $"Not a custom field of the {SnakeCaseNames<CustomFieldEntity>.Of(entity)} that you see.",
            ErrorKind.Validation,
            fields
        );

    internal static string OptionsMessage(CustomFieldDefinition definition) =>
        $"Must be one of: {string.Join(", ", definition.Options)}.";

    private sealed class FieldErrors
    {
        public Dictionary<string, string[]> Unknown { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string[]> Invalid { get; } = new(StringComparer.Ordinal);

        public Error? AsError(CustomFieldEntity entity) =>
            Unknown.Count > 0 ? CustomFieldSchema.Unknown(entity, Unknown)
            : Invalid.Count > 0 ? Error.Validation(Invalid)
            : null;
    }
}

/// <summary>The form of a value of each type, as stored and answered.</summary>
internal static class CustomFieldForms
{
    /// <summary>The value in its stored form, or what is wrong with it.</summary>
    public static (JsonNode? Value, string? Problem) Read(CustomFieldDefinition definition, JsonNode value)
    {
        var kind = value.GetValueKind();
        var text = kind == JsonValueKind.String ? value.GetValue<string>() : null;
        return definition.Type switch
        {
            CustomFieldType.Text => TextNormalizer.TrimOrNull(text) is { Length: <= CustomFieldSchema.MaxTextLength } t
                ? (JsonValue.Create(t), null)
                : (null, $"Must be a text of 1 to {CustomFieldSchema.MaxTextLength} characters."),
            CustomFieldType.Phone => PhoneNumber.TryParse(text, out var phone)
                ? (JsonValue.Create(phone.Value), null)
                : (null, "Must be a phone number."),
            CustomFieldType.Email => EmailAddress.TryParse(text, out var email)
                ? (JsonValue.Create(email.Value), null)
                : (null, "Must be an e-mail address."),
            CustomFieldType.Date => DateOnly.TryParseExact(
                text,
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var date
            )
                ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                : (null, "Must be a date, yyyy-MM-dd."),
            CustomFieldType.Number => Number(value, kind) is { } number
                ? (JsonValue.Create(number), null)
                : (null, "Must be a number."),
            CustomFieldType.Money => Number(value, kind) is { } amount && amount >= 0 && amount.Scale <= 2
                ? (JsonValue.Create(amount), null)
                : (null, "Must be an amount in roubles: not negative, at most 2 decimals."),
            CustomFieldType.Boolean => kind is JsonValueKind.True or JsonValueKind.False
                ? (JsonValue.Create(kind == JsonValueKind.True), null)
                : (null, "Must be true or false."),
            CustomFieldType.Select => text is not null && definition.Options.Contains(text)
                ? (JsonValue.Create(text), null)
                : (null, CustomFieldSchema.OptionsMessage(definition)),
            CustomFieldType.Multiselect => Options(definition, value, kind),
            _ => throw new ArgumentOutOfRangeException(nameof(definition)),
        };
    }

    private static decimal? Number(JsonNode value, JsonValueKind kind) =>
        kind == JsonValueKind.Number && value.AsValue().TryGetValue<decimal>(out var number) ? number : null;

    /// <summary>A multiselect's options: different ones, stored in the options' order.</summary>
    private static (JsonNode? Value, string? Problem) Options(
        CustomFieldDefinition definition,
        JsonNode value,
        JsonValueKind kind
    )
    {
        var chosen =
            kind == JsonValueKind.Array
                ? value
                    .AsArray()
                    .Select(o => o?.GetValueKind() == JsonValueKind.String ? o.GetValue<string>() : null)
                    .ToList()
                : null;
        if (
            chosen is null or { Count: 0 }
            || chosen.Any(o => o is null || !definition.Options.Contains(o))
            || chosen.Distinct(StringComparer.Ordinal).Count() != chosen.Count
        )
        {
            return (
                null,
                $"Must be a list of different options, at least one, of: {string.Join(", ", definition.Options)}."
            );
        }

        var ordered = definition.Options.Where(chosen.Contains).Select(o => (JsonNode?)JsonValue.Create(o));
        return (new JsonArray([.. ordered]), null);
    }
}

/// <summary>
/// The custom field definitions a caller sees: what the writes check values against, what the lists filter by, and
/// what the pipeline narrows results to. Read once per request and entity (a list that filters and then answers reads
/// them once).
/// </summary>
public sealed class CustomFieldAccess(ICustomFieldDefinitionRepository definitions, ICurrentActor actor)
{
    private Dictionary<CustomFieldEntity, IReadOnlyList<CustomFieldDefinition>> read = [];

    private CustomFieldDefinitionReader? readFor;

    public async Task<CustomFieldSchema> SchemaAsync(
        IReadOnlyCollection<CustomFieldEntity> entities,
        CancellationToken cancellationToken
    )
    {
        // The caller may change within a scope (a worker acting for several users): what was read is for one reader.
        var reader = CustomFieldDefinitionReader.Of(actor);
        if (readFor is not { } before || !before.SameAs(reader))
        {
            (read, readFor) = ([], reader);
        }

        var missing = entities.Where(e => !read.ContainsKey(e)).ToList();
        if (missing.Count > 0)
        {
            var found = await definitions.VisibleAsync(missing, reader, cancellationToken);
            foreach (var entity in missing)
            {
                read[entity] = [.. found.Where(d => d.Entity == entity)];
            }
        }

        return new([.. entities.SelectMany(e => read[e])]);
    }

    public async Task<Result<string>> CreateAsync(
        CustomFieldEntity entity,
        JsonObject? input,
        CancellationToken cancellationToken
    ) => (await SchemaAsync([entity], cancellationToken)).Create(entity, input);

    public async Task<Result<PatchedCustomFields>> PatchAsync(
        CustomFieldEntity entity,
        string stored,
        Patch<JsonObject> patch,
        CancellationToken cancellationToken
    ) =>
        patch is { IsPresent: true, Value: { Count: > 0 } values }
            ? (await SchemaAsync([entity], cancellationToken)).Patch(entity, stored, values)
            : new PatchedCustomFields(stored, false);

    /// <summary>A list's conditions on the entity's custom fields (<c>cf</c>) and its sort by one of them
    /// (<c>cfSort</c>), checked against the fields the caller sees.</summary>
    public async Task<Result<CustomFieldListing>> ListingAsync(
        CustomFieldEntity entity,
        IReadOnlyList<string>? filters,
        string? sort,
        CancellationToken cancellationToken
    ) =>
        filters is null or { Count: 0 } && sort is null
            ? CustomFieldListing.None
            : (await SchemaAsync([entity], cancellationToken)).Listing(entity, filters ?? [], sort);
}
