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
    /// (<c>add</c>, <c>update</c>, <c>status</c>, <c>delete</c>, …) and amoCRM's id.</summary>
    public sealed record Change(string Entity, string Action, long Id);

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
                        changes.Add(new Change(kind, action, amoId));
                    }
                }
            }
        }

        return changes;
    }

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
