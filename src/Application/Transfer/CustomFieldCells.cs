using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Transfer;

/// <summary>
/// The custom field columns of an export, after its own: one per field of the entity the caller sees, in the fields'
/// order, headed <c>cf.&lt;key&gt;</c>; a cell is the value as text (a number in invariant form,
/// <c>true</c>/<c>false</c>, a multiselect's options joined with <see cref="TableExport.ListSeparator"/>), empty when
/// the record has none. An import reads them back (<see cref="CustomFieldColumns"/>).
/// </summary>
public sealed class CustomFieldCells(CustomFieldSchema fields, CustomFieldEntity entity)
{
    public const string Prefix = "cf.";

    private readonly IReadOnlyList<string> keys = [.. fields.Of(entity).Select(d => d.Key)];

    public IReadOnlyList<string> Headers => [.. keys.Select(k => Prefix + k)];

    public IEnumerable<string?> Of(CustomFieldValues values)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var stored = values.IsEmpty ? [] : JsonNode.Parse(values.Json)!.AsObject();
        return keys.Select(k => Text(stored[k]));
    }

    private static string? Text(JsonNode? value) =>
        value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => null,
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Array => string.Join(TableExport.ListSeparator, value.AsArray().Select(o => Text(o))),
            _ => value.ToJsonString(),
        };
}
