using System.Globalization;
using System.Text.Json.Nodes;
using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Transfer;
using MakCrm.Contracts;
using MakCrm.Domain.CustomFields;
using CustomFieldDefinition = MakCrm.Domain.CustomFields.CustomFieldDefinition;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// The amoCRM fields a mapping sends to MaK custom fields of one entity (target <c>custom_field</c>), read from a
/// record into the values MaK stores, checked by the same rules as every create
/// (<see cref="CustomFieldSchema.Create"/>, required fields included). A value becomes the JSON its field's type takes
/// as a file's cell does (<see cref="CustomFieldColumns.ValueOf"/>): a multiselect takes every value, the others the
/// first; an amoCRM date (a Unix time) is its day in Moscow time, the zone of the network's accounts. A mapped field
/// of an archived definition, or of one of another entity, fills nothing.
/// </summary>
internal sealed class AmoCrmCustomFields
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    private readonly CustomFieldSchema _schema;
    private readonly CustomFieldEntity _entity;
    private readonly List<(long AmoFieldId, CustomFieldDefinition Definition)> _mapped;

    private AmoCrmCustomFields(
        CustomFieldSchema schema,
        CustomFieldEntity entity,
        List<(long AmoFieldId, CustomFieldDefinition Definition)> mapped
    )
    {
        _schema = schema;
        _entity = entity;
        _mapped = mapped;
    }

    public static async Task<AmoCrmCustomFields> ForAsync(
        CustomFieldAccess access,
        StoredAmoCrmMapping mapping,
        AmoCrmEntity amoEntity,
        CustomFieldEntity entity,
        CancellationToken cancellationToken
    )
    {
        var schema = await access.SchemaAsync([entity], cancellationToken);
        var definitions = schema.Of(entity).Where(d => !d.Archived).ToDictionary(d => d.Id);
        var mapped = new List<(long AmoFieldId, CustomFieldDefinition Definition)>();
        foreach (var field in mapping.Fields)
        {
            if (
                field.Entity == amoEntity
                && field.Target == AmoCrmFieldTarget.CustomField
                && field.CustomFieldId is { } id
                && definitions.TryGetValue(id, out var definition)
            )
            {
                mapped.Add((field.AmoFieldId, definition));
            }
        }

        return new AmoCrmCustomFields(schema, entity, mapped);
    }

    /// <summary>The record's values in their stored form, or why MaK refuses them.</summary>
    public Domain.Common.Result<string> Read(IReadOnlyList<AmoCrmFieldValues> values)
    {
        var input = new JsonObject();
        foreach (var (amoFieldId, definition) in _mapped)
        {
            List<string> texts =
            [
                .. values
                    .Where(v => v.FieldId == amoFieldId)
                    .SelectMany(v => v.Values)
                    .Select(v => v.Value?.Trim())
                    .OfType<string>()
                    .Where(t => t.Length > 0),
            ];
            if (texts.Count > 0)
            {
                input[definition.Key] = CustomFieldColumns.ValueOf(
                    definition.Type,
                    definition.Type switch
                    {
                        CustomFieldType.Multiselect => string.Join(';', texts),
                        CustomFieldType.Date => Day(texts[0]),
                        _ => texts[0],
                    }
                );
            }
        }

        return _schema.Create(_entity, input);
    }

    private static string Day(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset
                .FromUnixTimeSeconds(seconds)
                .ToOffset(Moscow)
                .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : text;
}
