using System.Text.Json.Nodes;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Transfer;

/// <summary>
/// The custom field columns of an imported file, headed <c>cf.&lt;key&gt;</c> as the exports write them
/// (<see cref="CustomFieldCells"/>). A column of a field of the entity that the uploader sees is read cell by cell:
/// the text becomes the JSON value the field's type takes (a number or amount as <see cref="ImportCells.Amount"/> reads
/// it, <c>true</c>/<c>false</c>, a multiselect's options split on <c>;</c>; a blank cell is no value), and the row's
/// values are checked as <c>customFields</c> on create (<see cref="CustomFieldSchema.Create"/>), required fields
/// included. The column of an archived field is left alone: the field takes no new values, and the exports still write
/// it. A <c>cf.</c> column that names no field the uploader sees fails the file, so a mistyped key never drops a
/// column of values unnoticed.
/// </summary>
public sealed class CustomFieldColumns
{
    private readonly ImportHeader _header;
    private readonly CustomFieldSchema _fields;
    private readonly CustomFieldEntity _entity;
    private readonly IReadOnlyList<CustomFieldDefinition> _read;

    private CustomFieldColumns(
        ImportHeader header,
        CustomFieldSchema fields,
        CustomFieldEntity entity,
        IReadOnlyList<CustomFieldDefinition> read
    )
    {
        _header = header;
        _fields = fields;
        _entity = entity;
        _read = read;
    }

    /// <summary>The reader of the file's custom field columns, or why the file cannot be imported at all.</summary>
    public static (CustomFieldColumns? Columns, string? Problem) ForHeader(
        IReadOnlyList<string?> header,
        ImportHeader index,
        CustomFieldSchema fields,
        CustomFieldEntity entity
    )
    {
        var known = fields.Of(entity).ToList();
        var unknown = header
            .Select(ImportHeader.ColumnName)
            .OfType<string>()
            .Where(c => c.StartsWith(CustomFieldCells.Prefix, StringComparison.OrdinalIgnoreCase))
            .Where(c => !known.Any(d => string.Equals(Column(d), c, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (unknown.Count > 0)
        {
            var name = SnakeCaseNames<CustomFieldEntity>.Of(entity);
            return (
                null,
                $"The column(s) {string.Join(", ", unknown)} name no custom field of the {name} that you see; "
                    + $"GET /api/v1/custom-field-definitions?entity={name} lists them. Correct the keys or remove "
                    + "the columns."
            );
        }

        return (
            new CustomFieldColumns(index, fields, entity, [.. known.Where(d => !d.Archived && index.Has(Column(d)))]),
            null
        );
    }

    /// <summary>The row's values in their stored form, or why the row is rejected (<c>cf.&lt;key&gt;: message</c>,
    /// in the rejected-rows file's spelling).</summary>
    public (string? Values, string? Reason) Read(IReadOnlyList<string?> cells)
    {
        var input = new JsonObject();
        foreach (var definition in _read)
        {
            if (_header.Cell(cells, Column(definition)) is { } text)
            {
                input[definition.Key] = ValueOf(definition.Type, text.Trim());
            }
        }

        var values = _fields.Create(_entity, input);
        if (values.IsSuccess)
        {
            return (values.Value, null);
        }

        var columns = _fields.Of(_entity).ToDictionary(d => CustomFieldSchema.Field(d.Key), Column);
        return (null, ImportCells.Reason(values.Error!, f => columns.GetValueOrDefault(f, f)));
    }

    private static string Column(CustomFieldDefinition definition) => CustomFieldCells.Prefix + definition.Key;

    /// <summary>The text as the JSON value its field's type takes (for a file's cell and an amoCRM field's value
    /// alike); text that is no such value stays text, which the type's rules then refuse with their reason.</summary>
    public static JsonNode ValueOf(CustomFieldType type, string text) =>
        type switch
        {
            CustomFieldType.Number or CustomFieldType.Money when ImportCells.Amount(text) is { } number =>
                JsonValue.Create(number),
            CustomFieldType.Boolean when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
            CustomFieldType.Multiselect => new JsonArray([
                .. text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(o => (JsonNode?)JsonValue.Create(o)),
            ]),
            _ => JsonValue.Create(text),
        };
}
