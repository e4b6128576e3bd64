using System.Text.Json.Nodes;

namespace MakCrm.IntegrationTests.Contract;

/// <summary>
/// Reduces an OpenAPI 3.0 document to what the contract promises a client: every operation (method and path) with
/// its operationId, its parameters (name, location, required, schema), its request body (required, media types,
/// schema) and its responses (status codes, media types, schema). Schemas are compared with their <c>$ref</c>s
/// resolved, so two documents that name their components differently but describe the same JSON are equal.
/// Prose (summaries, descriptions, examples), tags and response headers are not part of the shape.
/// </summary>
public static class ContractShape
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    public static SortedDictionary<string, JsonNode> Operations(JsonObject document)
    {
        var operations = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var method in Methods)
            {
                if (item[method] is not JsonObject operation)
                {
                    continue;
                }

                operations[$"{method.ToUpperInvariant()} {path}"] = new JsonObject
                {
                    ["operationId"] = operation["operationId"]?.GetValue<string>(),
                    ["parameters"] = Parameters(document, shared.Concat(operation["parameters"]?.AsArray() ?? [])),
                    ["requestBody"] = RequestBody(document, operation["requestBody"]),
                    ["responses"] = Responses(document, operation["responses"]!.AsObject()),
                };
            }
        }

        return operations;
    }

    /// <summary>Every difference between two shapes, one line each, as a path into the shape and both values.</summary>
    public static List<string> Differences(SortedDictionary<string, JsonNode> spec, SortedDictionary<string, JsonNode> server)
    {
        var differences = new List<string>();
        foreach (var key in spec.Keys.Union(server.Keys).Order(StringComparer.Ordinal))
        {
            Compare(key, spec.GetValueOrDefault(key), server.GetValueOrDefault(key), differences);
        }

        return differences;
    }

    private static JsonObject Parameters(JsonObject document, IEnumerable<JsonNode?> parameters)
    {
        var result = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var reference in parameters)
        {
            var parameter = Resolve(document, reference!).AsObject();
            var location = parameter["in"]!.GetValue<string>();
            var name = parameter["name"]!.GetValue<string>();
            result[$"{location}:{(location == "header" ? name.ToLowerInvariant() : name)}"] = new JsonObject
            {
                ["required"] = parameter["required"]?.GetValue<bool>() ?? false,
                ["schema"] = Schema(document, parameter["schema"], []),
            };
        }

        return new JsonObject(result);
    }

    private static JsonObject? RequestBody(JsonObject document, JsonNode? body)
    {
        if (body is null)
        {
            return null;
        }

        body = Resolve(document, body);
        return new JsonObject
        {
            ["required"] = body["required"]?.GetValue<bool>() ?? false,
            ["content"] = Content(document, body["content"]),
        };
    }

    private static JsonObject Responses(JsonObject document, JsonObject responses)
    {
        var result = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (status, response) in responses)
        {
            result[status] = Content(document, Resolve(document, response!)["content"]);
        }

        return new JsonObject(result);
    }

    private static JsonObject Content(JsonObject document, JsonNode? content)
    {
        var result = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (mediaType, media) in content?.AsObject() ?? [])
        {
            result[mediaType] = Schema(document, media!["schema"], []);
        }

        return new JsonObject(result);
    }

    /// <summary>A schema with references resolved and only the members that constrain JSON, in a canonical order.</summary>
    private static JsonObject? Schema(JsonObject document, JsonNode? node, HashSet<string> resolving)
    {
        if (node is null)
        {
            return null;
        }

        if (node["$ref"]?.GetValue<string>() is { } reference)
        {
            if (!resolving.Add(reference))
            {
                return new JsonObject { ["recursive"] = reference.Split('/')[^1] };
            }

            var resolved = Schema(document, Resolve(document, node), resolving);
            resolving.Remove(reference);
            return resolved;
        }

        var schema = node.AsObject();
        var nullable = schema["nullable"]?.GetValue<bool>() ?? false;

        // `type + allOf: [$ref]` and `oneOf: [{enum: [null]}, $ref]` are both ways of saying "this, or null".
        var wrapped = (schema["allOf"] ?? schema["oneOf"] ?? schema["anyOf"])?.AsArray();
        if (wrapped is not null)
        {
            var branches = wrapped.Where(b => !IsNullOnly(b!)).ToList();
            nullable |= branches.Count < wrapped.Count;
            if (schema["discriminator"] is not null && branches.Count > 1)
            {
                return TaggedUnion(branches.Select(b => Schema(document, b, resolving)!).ToList());
            }

            if (branches.Count == 1)
            {
                var inner = Schema(document, branches[0], resolving)!;
                inner["nullable"] = nullable || (inner["nullable"]?.GetValue<bool>() ?? false);
                return inner;
            }
        }

        var result = new JsonObject();
        var enumValues = schema["enum"]?.AsArray().Where(v => v is not null).Select(v => v!.ToJsonString()).Order(StringComparer.Ordinal).ToList();
        var type = schema["type"]?.GetValue<string>()
            ?? (enumValues is { Count: > 0 } && enumValues.All(v => v.StartsWith('"')) ? "string" : null)
            ?? (schema["properties"] is not null ? "object" : null);
        result["type"] = type;
        result["format"] = schema["format"]?.GetValue<string>();
        result["nullable"] = nullable;
        if (enumValues is not null)
        {
            result["enum"] = new JsonArray(enumValues.Select(v => JsonNode.Parse(v)).ToArray());
        }

        // Items of any JSON value (`items: {}`, which OpenAPI 3.0 needs where the server describes none) say nothing.
        if (schema["items"] is { } items && items is not JsonObject { Count: 0 })
        {
            result["items"] = Schema(document, items, resolving);
        }

        if (schema["properties"] is JsonObject properties)
        {
            result["properties"] = new JsonObject(properties
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Schema(document, p.Value, resolving))));
            result["required"] = new JsonArray((schema["required"]?.AsArray() ?? [])
                .Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal).Select(r => (JsonNode?)r).ToArray());
        }

        // `additionalProperties: false` is not compared: the server's serializer closes every type it describes,
        // requests and responses alike, while the contract closes request bodies only and leaves responses open to
        // additive change. A schema for additional properties (a map) is compared.
        if (schema["additionalProperties"] is JsonObject additional)
        {
            result["additionalProperties"] = Schema(document, additional, resolving);
        }

        return result;
    }

    /// <summary>
    /// A tagged union (`oneOf` with a `discriminator`) as the one object it is on the wire: the variants'
    /// properties, each nullable where a variant lets it be null, and `kind` the enum of every variant's value.
    /// </summary>
    private static JsonObject TaggedUnion(List<JsonObject> variants)
    {
        var result = variants[0].DeepClone().AsObject();
        var properties = result["properties"]!.AsObject();
        foreach (var (name, property) in properties.ToList())
        {
            var alternatives = variants.Select(v => v["properties"]?[name]).ToList();
            if (name == "kind")
            {
                property!["enum"] = new JsonArray(alternatives
                    .SelectMany(a => a!["enum"]!.AsArray().Select(v => v!.ToJsonString()))
                    .Order(StringComparer.Ordinal)
                    .Select(v => JsonNode.Parse(v))
                    .ToArray());
                continue;
            }

            // Apart from null, every variant must say the same of the property, or the union says nothing one type.
            var shapes = alternatives.Select(a => a is null ? "(absent)" : WithoutNull(a)).Distinct().ToList();
            properties[name] = shapes.Count == 1
                ? JsonNode.Parse(shapes[0])!.AsObject()
                : new JsonObject { ["variants differ"] = new JsonArray(shapes.Select(v => (JsonNode?)v).ToArray()) };
            properties[name]!["nullable"] = alternatives.Any(a => a?["nullable"]?.GetValue<bool>() ?? true);
        }

        return result;
    }

    private static string WithoutNull(JsonNode schema)
    {
        var copy = schema.DeepClone().AsObject();
        copy.Remove("nullable");
        return copy.ToJsonString();
    }

    private static bool IsNullOnly(JsonNode branch) =>
        branch["enum"] is JsonArray values && values.All(v => v is null) && branch["$ref"] is null;

    private static JsonNode Resolve(JsonObject document, JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            if (!reference.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Only local references are supported: {reference}");
            }

            JsonNode current = document;
            foreach (var segment in reference[2..].Split('/'))
            {
                current = current[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]
                    ?? throw new InvalidOperationException($"Dangling reference {reference}");
            }

            node = current;
        }

        return node;
    }

    private static void Compare(string path, JsonNode? spec, JsonNode? server, List<string> differences)
    {
        if (spec is JsonObject specObject && server is JsonObject serverObject)
        {
            foreach (var key in specObject.Select(p => p.Key).Union(serverObject.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                Compare($"{path} {key}", specObject[key], serverObject[key], differences);
            }

            return;
        }

        var specText = spec?.ToJsonString() ?? "(absent)";
        var serverText = server?.ToJsonString() ?? "(absent)";
        if (specText != serverText)
        {
            differences.Add($"{path}: api-spec says {specText}, the server says {serverText}");
        }
    }
}
