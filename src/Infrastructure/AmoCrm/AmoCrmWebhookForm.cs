using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace MakCrm.Infrastructure.AmoCrm;

/// <summary>
/// amoCRM's webhook form read as a tree: <c>leads[status][0][id]=7</c> is the path <c>leads/status/0/id</c>. Indexes
/// may be sparse or ids, and a delete may carry <c>leads[delete][id]</c> with no index, so an entity is any node under
/// an entity and an action that holds an <c>id</c> directly or one level down. Companies come under
/// <c>contacts</c> with <c>type=company</c>.
/// </summary>
public static class AmoCrmWebhookForm
{
    /// <summary>A change a delivery names: the entity (<c>leads</c>, <c>contacts</c>, <c>companies</c>), the action
    /// (<c>add</c>, <c>update</c>, <c>status</c>, <c>delete</c>, …), amoCRM's id, and the entity's fields as the
    /// delivery carries them, shaped as the API's record (<see cref="Delivered"/>) — what the delivery claims, never
    /// applied as it is.</summary>
    public sealed record Change(string Entity, string Action, long Id, JsonObject Delivered);

    public static IReadOnlyList<Change> Changes(string body)
    {
        var root = new Node();
        foreach (var (key, values) in QueryHelpers.ParseQuery(body))
        {
            var node = root;
            foreach (var segment in Segments(key))
            {
                node = node.Child(segment);
            }

            node.Value = values.ToString();
        }

        var changes = new List<Change>();
        foreach (var entity in new[] { "leads", "contacts" })
        {
            if (!root.Children.TryGetValue(entity, out var actions))
            {
                continue;
            }

            foreach (var (action, node) in actions.Children)
            {
                var items = node.Children.ContainsKey("id") ? [node] : node.Children.Values.ToList();
                foreach (var item in items)
                {
                    if (item.Children.TryGetValue("id", out var id) && long.TryParse(id.Value, out var amoId))
                    {
                        var kind =
                            entity == "contacts" && item.Children.GetValueOrDefault("type")?.Value == "company"
                                ? "companies"
                                : entity;
                        changes.Add(new Change(kind, action, amoId, Delivered(item)));
                    }
                }
            }
        }

        return changes;
    }

    /// <summary>
    /// An entity of the form in the API's shape, every value a string as the form sends it: its fields by their API
    /// names (<c>last_modified</c> as <c>updated_at</c>, <c>modified_user_id</c> as <c>updated_by</c>) and its
    /// <c>custom_fields</c> as <c>custom_fields_values</c> (<c>field_id</c>, <c>values</c> of <c>value</c>, whether
    /// the form nests it under <c>[value]</c> or gives it directly).
    /// </summary>
    private static JsonObject Delivered(Node item)
    {
        var record = new JsonObject();
        foreach (var (name, child) in item.Children)
        {
            if (name == "custom_fields")
            {
                record["custom_fields_values"] = new JsonArray([
                    .. child.Children.Values.Select(field =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["field_id"] = field.Children.GetValueOrDefault("id")?.Value,
                                ["values"] = new JsonArray([
                                    .. (
                                        field.Children.GetValueOrDefault("values")?.Children.Values.AsEnumerable() ?? []
                                    )
                                        .Select(v => v.Children.GetValueOrDefault("value")?.Value ?? v.Value)
                                        .Select(v => (JsonNode)new JsonObject { ["value"] = v }),
                                ]),
                            }
                    ),
                ]);
            }
            else if (child.Value is { } value)
            {
                record[ApiNames.GetValueOrDefault(name, name)] = value;
            }
        }

        return record;
    }

    // The form's names of fields the API names otherwise.
    private static readonly Dictionary<string, string> ApiNames = new(StringComparer.Ordinal)
    {
        ["last_modified"] = "updated_at",
        ["modified_user_id"] = "updated_by",
    };

    /// <summary><c>a[b][c]</c> as <c>a</c>, <c>b</c>, <c>c</c>.</summary>
    private static IEnumerable<string> Segments(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            yield return key;
            yield break;
        }

        yield return key[..open];
        foreach (var part in key[(open + 1)..].TrimEnd(']').Split("]["))
        {
            yield return part;
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public string? Value { get; set; }

        public Node Child(string name)
        {
            if (!Children.TryGetValue(name, out var child))
            {
                child = new Node();
                Children[name] = child;
            }

            return child;
        }
    }
}
