#:package YamlDotNet
#:project ../../src/Domain/MakCrm.Domain.csproj
#:property PublishAot=false
// Generates the server's wire types from api-spec/openapi.yaml, so that a schema's properties, their order, types,
// nullability and which of them a request must carry are written once, in the contract (ADR 0040):
// - src/Contracts/Generated/WireTypes.g.cs: one record per object schema of the contract, in the Contracts project
//   below the Application, which answers in them;
// - src/Contracts/Generated/EventPayloads.g.cs: each event type of the catalogue with the record its data is
//   (`x-event-payloads` on `Event`), so that an event raised with anything else does not compile;
// - src/WebApi/Wire/Generated/HttpTypes.g.cs: what only the HTTP layer reads, the multipart forms (with IFormFile);
// - src/WebApi/Wire/Generated/QueryParameters.g.cs: per operation with query parameters, the type its endpoint binds
//   them with ([AsParameters] ListClientsParameters), typed from the contract; one with enums checks them
//   (ICheckedQuery) before the handler runs (ADR 0045).
//
// - A schema reached from a request body becomes a record of init-only properties, `required` where the schema
//   requires it (the body reader refuses a missing required field and a null where the type is not nullable).
//   Every other schema becomes a positional record, its parameters in the schema's order; one with an `id` and an
//   integer `version` is IVersioned (the version is the ETag of the answer).
// - A property is nullable where the contract says so: `nullable: true`, or `oneOf` with `{enum: [null]}`.
// - An enum schema is the Domain enum of its name, which must spell the schema's values in their order
//   (SnakeCaseNames); one that the Domain does not have is generated as a C# enum. An inline enum is the one Domain
//   enum that spells exactly its values. The generator refuses anything else. A list's sort (an enum with `-` for
//   descending) is no wire type: the server reads it as text through the list's SortCatalog.
// - The few schemas the server answers with a Domain type are listed in `serverTypes` below, with the reason.
//
// The generator reads the Domain only, never a project that compiles its output, so it runs whatever state the
// Application is in (after a merge, say). The mappings between the Application and these records are generated
// by tools/WireTypes/WireMappings.cs.
//
// Run by `./mak generate`: dotnet run tools/WireTypes/WireTypes.cs -- <contract> <contracts output> <http output>
using System.Reflection;
using System.Text;
using System.Text.Json;
using MakCrm.Domain.Common;
using MakCrm.Domain.Events;
using YamlDotNet.RepresentationModel;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: WireTypes.cs <openapi.yaml> <contracts output.cs> <http output.cs>");
    return 2;
}

// Schemas the server answers or reads with a type that is not generated, and the type it uses instead.
var serverTypes = new Dictionary<string, string>(StringComparer.Ordinal)
{
    // Value objects of the Domain, kept by the entities and answered as they are.
    ["Attribution"] = "MakCrm.Domain.Common.Attribution",
    ["LeadConsent"] = "MakCrm.Domain.Leads.LeadConsent",
    ["SettlementActLine"] = "MakCrm.Domain.Settlements.SettlementActLine",
    ["SettlementAcceptance"] = "MakCrm.Domain.Settlements.SettlementAcceptance",
    ["SettlementPayout"] = "MakCrm.Domain.Settlements.SettlementPayout",
    ["InvoiceLine"] = "MakCrm.Domain.Invoices.InvoiceLine",
    // A map of the caller's own strings.
    ["Metadata"] = "IReadOnlyDictionary<string, string>",
    // Custom field values: keys the definitions name, each value in its field type's form.
    ["CustomFieldValues"] = "JsonObject",
    // An event type is any name of the catalogue; an unknown one is kept so that the query can name it as wrong.
    ["EventType"] = "EventTypeName",
};

// Schemas the server writes or reads by other means: the authorization server's own bodies (RFC 6749, RFC 8414,
// RFC 7517), problems (ProblemJsonWriter), and a batch whose items are read one by one.
var notGenerated = new HashSet<string>(StringComparer.Ordinal)
{
    "Problem",
    "TokenRequest",
    "RevokeRequest",
    "TokenSuccess",
    "TokenError",
    "AuthorizationServerMetadata",
    "JsonWebKeySet",
    "JsonWebKey",
    "LeadSubmissionBatchRequest",
};

// Schemas generated under another name, where the contract's name is taken by a Domain type the same files use.
var renamed = new Dictionary<string, string>(StringComparer.Ordinal) { ["LoanFee"] = "LoanFeeRecord" };

// Properties whose server type the contract cannot say: free JSON kept as it was written.
var propertyTypes = new Dictionary<string, string>(StringComparer.Ordinal) { ["Event.data"] = "RawJson" };

var stream = new YamlStream();
using (var reader = new StreamReader(args[0]))
{
    stream.Load(reader);
}

var root = (YamlMappingNode)stream.Documents[0].RootNode;
var schemas = Map(Map(root, "components")!, "schemas")!;

var domainEnums = typeof(SnakeCaseNames).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();
var generatedEnums = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
var imported = new Dictionary<string, string>(StringComparer.Ordinal);
var usings = new SortedSet<string>(StringComparer.Ordinal) { "MakCrm.Domain.Common", "System.Text.Json.Nodes" };
var errors = new List<string>();

// Schemas of request bodies; those of multipart forms (read by FormBody, a file in them an IFormFile) go to the
// HTTP layer's file.
var requestSchemas = new HashSet<string>(StringComparer.Ordinal);
var formSchemas = new HashSet<string>(StringComparer.Ordinal);
foreach (var path in Map(root, "paths")!.Children.Values.OfType<YamlMappingNode>())
{
    foreach (var operation in path.Children.Values.OfType<YamlMappingNode>())
    {
        if (Map(operation, "requestBody") is { } body)
        {
            Reach(body, requestSchemas);
            if (Map(body, "content") is { } content && Map(content, "multipart/form-data") is { } form)
            {
                Reach(form, formSchemas);
            }
        }
    }
}

// A tagged union (`oneOf` its variants, a `discriminator` on `kind`) is one record on the server, as it is one object
// on the wire: the variants' properties in their order, each nullable where any variant lets it be null, and `kind`
// the enum `<union>Kind`. The variants themselves are for the clients, whose types narrow on `kind`.
var unions = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
var variants = new HashSet<string>(StringComparer.Ordinal);
foreach (var (key, value) in schemas.Children)
{
    if (
        Map((YamlMappingNode)value, "discriminator") is { } discriminator
        && Map(discriminator, "mapping") is { } mapping
    )
    {
        var name = ((YamlScalarNode)key).Value!;
        var variantSchemas = mapping
            .Children.Values.Select(v => ((YamlScalarNode)v).Value!["#/components/schemas/".Length..])
            .Select(v => (Name: v, Schema: Map(schemas, v)!))
            .ToList();
        variants.UnionWith(variantSchemas.Select(v => v.Name));
        unions[name] = Flattened(name, (YamlMappingNode)value, variantSchemas);
    }
}

var contractsText = new StringBuilder();
var httpText = new StringBuilder();
var text = contractsText;
foreach (var (key, value) in schemas.Children)
{
    var name = ((YamlScalarNode)key).Value!;
    if (variants.Contains(name))
    {
        continue;
    }

    var schema = unions.GetValueOrDefault(name) ?? (YamlMappingNode)value;
    text = formSchemas.Contains(name) ? httpText : contractsText;
    if (Map(schema, "properties") is not { } properties || notGenerated.Contains(name) || serverTypes.ContainsKey(name))
    {
        // A list's sort (`createdAt`, `-createdAt`, ...) is read from the query string as text, by its SortCatalog.
        if (Sequence(schema, "enum") is { } values && !serverTypes.ContainsKey(name) && !IsSort(values))
        {
            DomainEnum(name, values.Children.Select(v => ((YamlScalarNode)v).Value!).ToList());
        }

        continue;
    }

    var typeName = renamed.GetValueOrDefault(name, name);
    var required = Sequence(schema, "required")?.Children.Select(v => ((YamlScalarNode)v).Value!).ToHashSet() ?? [];
    text.AppendLine();
    Summary(schema, name, "");
    if (requestSchemas.Contains(name))
    {
        text.AppendLine($"public sealed partial record {typeName}");
        text.AppendLine("{");
        var first = true;
        foreach (var (propertyKey, propertyValue) in properties.Children)
        {
            var property = ((YamlScalarNode)propertyKey).Value!;
            if (!first)
            {
                text.AppendLine();
            }

            first = false;
            var node = (YamlMappingNode)propertyValue;
            var (type, nullable) = TypeOf(name, property, node);
            var isRequired = required.Contains(property);
            var initializer = isRequired || nullable ? null : Initializer(type, node);
            text.Append(NameAttribute(property, "    "));
            text.AppendLine(
                $"    public {(isRequired ? "required " : "")}{type}{(nullable ? "?" : "")} {Pascal(property)} {{ "
                + $"get; init; }}{(initializer is null ? "" : $" = {initializer};")}"
            );
        }

        text.AppendLine("}");
    }
    else
    {
        text.AppendLine($"public sealed partial record {typeName}(");
        var parameters = properties.Children.Select(p =>
        {
            var property = ((YamlScalarNode)p.Key).Value!;
            var (type, nullable) = TypeOf(name, property, (YamlMappingNode)p.Value);
            return $"    {NameAttribute(property, "").TrimEnd()}{(NameAttribute(property, "").Length > 0 ? " " : "")}{type}{(nullable ? "?" : "")} {Pascal(property)}";
        });
        var versioned = IsVersioned(properties) ? " : IVersioned" : "";
        text.AppendLine(string.Join(",\n", parameters) + ")" + versioned + ";");
    }
}

text = contractsText;
foreach (var (name, values) in generatedEnums)
{
    text.AppendLine();
    text.Append(
        DocSummary(
            "",
            $"Schema <c>{name}</c>, spelled on the wire as <see cref=\"SnakeCaseNames\"/> spells its values."
        )
    );
    text.AppendLine($"public enum {name}");
    text.AppendLine("{");
    foreach (var value in values)
    {
        var member = string.Concat(value.Split('_').Select(Pascal));
        if (SnakeCaseNames.Policy.ConvertName(member) != value)
        {
            errors.Add($"enum schema {name}: the value {value} is not the snake_case of a C# name");
        }

        text.AppendLine($"    {member},");
    }

    text.AppendLine("}");
}

var payloads = EventPayloads();
var queryParameters = QueryParameters();

if (errors.Count > 0)
{
    foreach (var error in errors.Distinct())
    {
        Console.Error.WriteLine(error);
    }

    return 1;
}

var header = new StringBuilder();
header.AppendLine(
    """
    //----------------------
    // <auto-generated>
    //     Generated from api-spec/openapi.yaml by tools/WireTypes/WireTypes.cs (./mak generate). Do not edit.
    // </auto-generated>
    //----------------------
    """
);
foreach (var ns in usings)
{
    header.AppendLine($"using {ns};");
}

header.AppendLine();
header.AppendLine("#nullable enable");
header.AppendLine();
File.WriteAllText(args[1], header + "namespace MakCrm.Contracts;\n" + contractsText.ToString().Replace("\r\n", "\n"));
File.WriteAllText(
    Path.Combine(Path.GetDirectoryName(args[1])!, "EventPayloads.g.cs"),
    header.ToString().Split("\nusing ")[0]
        + "\nusing MakCrm.Domain.Events;\n\n#nullable enable\n\nnamespace MakCrm.Contracts.Events;\n"
        + payloads
);
File.WriteAllText(
    args[2],
    header.ToString().Replace("\n\n#nullable", "\nusing MakCrm.Contracts;\n\n#nullable", StringComparison.Ordinal)
        + "namespace MakCrm.WebApi.Wire;\n"
        + httpText.ToString().Replace("\r\n", "\n")
);
File.WriteAllText(
    Path.Combine(Path.GetDirectoryName(args[2])!, "QueryParameters.g.cs"),
    header
        .ToString()
        .Replace(
            "\n\n#nullable",
            "\nusing MakCrm.Contracts;\nusing MakCrm.WebApi.Http;\n\n#nullable",
            StringComparison.Ordinal
        )
        + "namespace MakCrm.WebApi.Wire;\n"
        + queryParameters
);
return 0;

// Per operation with query parameters, the type its endpoint binds them with ([AsParameters]): one property per
// parameter, typed as the contract says (an enum as QueryEnum, so that an unknown value is a field error; a list's
// sort as text, read by its SortCatalog). One that has enums checks them (ICheckedQuery), in front of the handler.
string QueryParameters()
{
    var shared = Map(Map(root, "components")!, "parameters");
    var output = new StringBuilder();
    foreach (var (pathKey, pathValue) in Map(root, "paths")!.Children)
    {
        var item = (YamlMappingNode)pathValue;
        foreach (var (methodKey, methodValue) in item.Children)
        {
            if (methodValue is not YamlMappingNode operation || Scalar(operation, "operationId") is not { } id)
            {
                continue;
            }

            var parameters = (Sequence(item, "parameters")?.Children ?? [])
                .Concat(Sequence(operation, "parameters")?.Children ?? [])
                .Cast<YamlMappingNode>()
                .Select(p => Scalar(p, "$ref") is { } reference ? Map(shared!, reference.Split('/')[^1])! : p)
                .Where(p => Scalar(p, "in") == "query")
                .ToList();
            if (parameters.Count == 0)
            {
                continue;
            }

            var typeName = Pascal(id) + "Parameters";
            var checks = new List<string>();
            var properties = new List<string>();
            foreach (var parameter in parameters)
            {
                var name = Scalar(parameter, "name")!;
                var where = $"{id} query parameter {name}";
                var schema = Map(parameter, "schema")!;
                var array = Scalar(schema, "type") == "array";
                var type = QueryType(where, array ? Map(schema, "items")! : schema);
                if (type.StartsWith("QueryEnum<", StringComparison.Ordinal))
                {
                    checks.Add($"        errors.{(array ? "Enums" : "Enum")}(\"{name}\", {Pascal(name)});");
                }

                if (Scalar(parameter, "x-replaced-by") is { } replacement)
                {
                    checks.Add(
                        $"        errors.Replaced(\"{name}\", {Pascal(name)} is not null, "
                            + $"\"{replacement}\", {Pascal(replacement)} is not null);"
                    );
                }

                var required = Scalar(parameter, "required") == "true";
                var declared = array ? type + "[]?" : required ? type : type + "?";
                properties.Add(
                    $"    [Microsoft.AspNetCore.Mvc.FromQuery(Name = \"{name}\")]\n"
                        + $"    public {(required ? "required " : "")}{declared} {Pascal(name)} {{ get; init; }}"
                );
            }

            output.AppendLine();
            var method = ((YamlScalarNode)methodKey).Value!.ToUpperInvariant();
            output.Append(
                DocSummary("", $"The query parameters of <c>{id}</c> ({method} {((YamlScalarNode)pathKey).Value}).")
            );
            output.AppendLine(
                $"public sealed partial class {typeName}" + (checks.Count > 0 ? $" : ICheckedQuery" : "")
            );
            output.AppendLine("{");
            output.AppendLine(string.Join("\n\n", properties));
            if (checks.Count > 0)
            {
                output.AppendLine();
                output.AppendLine("    /// <inheritdoc/>");
                output.AppendLine("    public void Check(QueryErrors errors)");
                output.AppendLine("    {");
                checks.ForEach(c => output.AppendLine(c));
                output.AppendLine("    }");
            }

            output.AppendLine("}");
        }
    }

    return output.ToString();
}

// The server type of one query value (an item, for an array).
string QueryType(string where, YamlMappingNode schema)
{
    if (Scalar(schema, "$ref") is { } reference)
    {
        var name = reference.Split('/')[^1];
        var target = Map(schemas, name)!;
        if (Sequence(target, "enum") is { } values && !serverTypes.ContainsKey(name))
        {
            return IsSort(values) ? "string" : $"QueryEnum<{Named(reference)}>";
        }

        return Named(reference);
    }

    if (Scalar(schema, "type") == "string" && Sequence(schema, "enum") is { } inline)
    {
        return $"QueryEnum<{InlineEnum(where, "", inline.Children.Select(v => ((YamlScalarNode)v).Value!).ToList())}>";
    }

    return TypeOf(where, "", schema).Type;
}

// The event types of the catalogue (EventTypes), each with the record of its data as `x-event-payloads` names it.
string EventPayloads()
{
    var fields = typeof(EventTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(EventType))
        .ToDictionary(f => ((EventType)f.GetValue(null)!).Name, f => f.Name, StringComparer.Ordinal);
    var listed = Map(Map(schemas, "Event")!, "x-event-payloads")!
        .Children.ToDictionary(
            p => ((YamlScalarNode)p.Key).Value!,
            p => ((YamlScalarNode)p.Value).Value!,
            StringComparer.Ordinal
        );
    errors.AddRange(
        fields.Keys.Except(listed.Keys).Select(t => $"Event.x-event-payloads: the catalogue's {t} is not listed")
    );
    var payloads = new StringBuilder();
    payloads.AppendLine();
    payloads.AppendLine("/// <summary>The event types of the catalogue, each with the record its data is.</summary>");
    payloads.AppendLine("public static class EventPayloads");
    payloads.AppendLine("{");
    foreach (var (type, reference) in listed)
    {
        if (!fields.TryGetValue(type, out var field))
        {
            errors.Add($"Event.x-event-payloads: {type} is not in the catalogue (EventTypes)");
            continue;
        }

        var schema = reference[(reference.LastIndexOf('/') + 1)..];
        payloads.AppendLine($"    /// <summary><c>{type}</c></summary>");
        var record = renamed.GetValueOrDefault(schema, schema);
        payloads.AppendLine($"    public static EventPayload<{record}> {field} {{ get; }} = new(EventTypes.{field});");
        payloads.AppendLine();
    }

    return payloads.ToString().TrimEnd('\n') + "\n}\n";
}

YamlMappingNode Flattened(string name, YamlMappingNode union, List<(string Name, YamlMappingNode Schema)> parts)
{
    var first = Map(parts[0].Schema, "properties")!;
    var properties = new YamlMappingNode();
    foreach (var (propertyKey, propertyValue) in first.Children)
    {
        var property = ((YamlScalarNode)propertyKey).Value!;
        var alternatives = parts.Select(p => Map(Map(p.Schema, "properties")!, property)).ToList();
        if (
            alternatives.Any(a => a is null)
            || parts.Any(p => Map(p.Schema, "properties")!.Children.Count != first.Children.Count)
        )
        {
            errors.Add($"{name}: its variants must have the same properties, in one order");
            return union;
        }

        properties.Add(
            property,
            property == "kind"
                ? new YamlMappingNode { { "$ref", $"#/components/schemas/{name}Kind" } }
                : alternatives.FirstOrDefault(a => TypeOf(name, property, a!).Nullable) ?? propertyValue
        );
    }

    var flat = new YamlMappingNode { { "type", "object" }, { "properties", properties } };
    if (Scalar(union, "description") is { } description)
    {
        flat.Add("description", description);
    }

    if (Sequence(parts[0].Schema, "required") is { } required)
    {
        flat.Add("required", required);
    }

    return flat;
}

// An answer with an id and an integer version is a versioned resource: its version is the answer's ETag.
bool IsVersioned(YamlMappingNode properties) =>
    Map(properties, "id") is { } id
    && Scalar(id, "format") == "uuid"
    && Map(properties, "version") is { } version
    && Scalar(version, "type") == "integer"
    && Scalar(version, "format") != "int64";

// What an optional property holds when a request leaves it out: the contract's default, or an empty text, list or
// object.
string? Initializer(string type, YamlMappingNode node)
{
    if (Scalar(node, "default") is { } value)
    {
        return type switch
        {
            "string" => $"\"{value}\"",
            "bool" or "int" or "long" or "decimal" => value,
            _ => $"{type}.{string.Concat(value.Split('_').Select(Pascal))}",
        };
    }

    return type == "string" ? "\"\""
        : type.StartsWith("IReadOnlyList<", StringComparison.Ordinal) || type == "JsonObject" ? "[]"
        : null;
}

(string Type, bool Nullable) TypeOf(string schemaName, string property, YamlMappingNode node)
{
    var nullable = Scalar(node, "nullable") == "true";
    if (propertyTypes.TryGetValue($"{schemaName}.{property}", out var forced))
    {
        return (forced, nullable);
    }

    if (Scalar(node, "$ref") is { } reference)
    {
        return (Named(reference), nullable);
    }

    if ((Sequence(node, "oneOf") ?? Sequence(node, "allOf") ?? Sequence(node, "anyOf")) is { } alternatives)
    {
        var references = alternatives
            .Children.OfType<YamlMappingNode>()
            .Select(a => Scalar(a, "$ref"))
            .OfType<string>()
            .ToList();
        var orNull = alternatives
            .Children.OfType<YamlMappingNode>()
            .Any(a =>
                Sequence(a, "enum") is { } e
                && e.Children.Count == 1
                && ((YamlScalarNode)e.Children[0]).Value is "null" or "~" or ""
            );
        if (references.Count != 1)
        {
            errors.Add($"{schemaName}.{property}: a oneOf of {references.Count} schemas has no single server type");
            return ("object", nullable);
        }

        return (Named(references[0]), nullable || orNull);
    }

    var format = Scalar(node, "format");
    switch (Scalar(node, "type"))
    {
        case "string" when Sequence(node, "enum") is { } values:
            // OpenAPI 3.0.3 lists null among the values of a nullable enum; the Domain enum has the others.
            var spelled = values
                .Children.Select(v => ((YamlScalarNode)v).Value!)
                .Where(v => v is not ("null" or "~" or ""))
                .ToList();
            return (InlineEnum(schemaName, property, spelled), nullable);
        case "string":
            return (
                format switch
                {
                    "uuid" => "Guid",
                    "date-time" => "DateTimeOffset",
                    "date" => "DateOnly",
                    "binary" => "IFormFile",
                    _ => "string",
                },
                nullable
            );
        case "integer":
            return (format == "int64" ? "long" : "int", nullable);
        case "number":
            return (format == "double" ? "double" : "decimal", nullable);
        case "boolean":
            return ("bool", nullable);
        case "array":
            var (item, itemNullable) = TypeOf(schemaName, property, Map(node, "items")!);
            return ($"IReadOnlyList<{item}{(itemNullable ? "?" : "")}>", nullable);
        case "object" when Map(node, "additionalProperties") is { } values:
            var (value, valueNullable) = TypeOf(schemaName, property, values);
            return ($"IReadOnlyDictionary<string, {value}{(valueNullable ? "?" : "")}>", nullable);
        case "object":
            return ("JsonObject", nullable);
        default:
            errors.Add($"{schemaName}.{property}: no server type for this schema");
            return ("object", nullable);
    }
}

string Named(string reference)
{
    var name = reference["#/components/schemas/".Length..];
    if (serverTypes.TryGetValue(name, out var serverType))
    {
        return Imported(serverType);
    }

    var schema = Map(schemas, name)!;
    if (Sequence(schema, "enum") is { } values)
    {
        return DomainEnum(name, values.Children.Select(v => ((YamlScalarNode)v).Value!).ToList());
    }

    return renamed.GetValueOrDefault(name, name);
}

// The Domain enum named as the schema, whose spelling must be the schema's values in the same order; where there is
// none, the enum is generated from the schema.
string DomainEnum(string name, IReadOnlyList<string> values)
{
    var type = domainEnums.SingleOrDefault(t => t.Name == name);
    if (type is null)
    {
        generatedEnums[name] = values;
        return name;
    }

    var spelled = SnakeCaseNames.All(type);
    if (!spelled.SequenceEqual(values))
    {
        errors.Add(
            $"enum schema {name}: the contract lists [{string.Join(", ", values)}], {type.FullName} spells "
            + $"[{string.Join(", ", spelled)}]"
        );
    }

    return Imported(type.FullName!);
}

// An enum written inline in a property: the one Domain enum that spells exactly these values.
string InlineEnum(string schemaName, string property, IReadOnlyList<string> values)
{
    var matches = domainEnums.Where(t => SnakeCaseNames.All(t).SequenceEqual(values)).ToList();
    if (matches.Count != 1)
    {
        errors.Add(
            $"{schemaName}.{property}: {matches.Count} Domain enums spell [{string.Join(", ", values)}]; exactly one "
            + $"must"
        );
        return "string";
    }

    return Imported(matches[0].FullName!);
}

string Imported(string fullName)
{
    var generic = fullName.IndexOf('<');
    var plain = generic < 0 ? fullName : fullName[..generic];
    var dot = plain.LastIndexOf('.');
    if (dot < 0)
    {
        return fullName;
    }

    usings.Add(plain[..dot]);
    imported.TryAdd(plain[(dot + 1)..], plain);
    return fullName[(dot + 1)..];
}

void Summary(YamlMappingNode schema, string name, string indent)
{
    var description = Scalar(schema, "description");
    var first = description?.Split('\n')[0].Trim();
    text.Append(DocSummary(indent, $"Schema <c>{name}</c>{(string.IsNullOrEmpty(first) ? "" : ": " + Xml(first))}"));
}

// A doc comment's summary, wrapped at spaces so that no generated line is over 120 characters.
string DocSummary(string indent, string summary)
{
    const int Width = 120;
    var lines = new List<string>();
    var line = $"{indent}/// <summary>";
    var first = true;
    foreach (var word in (summary + "</summary>").Split(' '))
    {
        var separator = first ? "" : " ";
        if (!first && line.Length + 1 + word.Length > Width)
        {
            lines.Add(line);
            line = $"{indent}///";
        }

        line += separator + word;
        first = false;
    }

    lines.Add(line);
    return string.Join('\n', lines) + "\n";
}

string NameAttribute(string property, string indent) =>
    JsonNamingPolicy.CamelCase.ConvertName(Pascal(property)) == property
        ? ""
        : $"{indent}[property: System.Text.Json.Serialization.JsonPropertyName(\"{property}\")]\n";

void Reach(YamlNode node, HashSet<string> reached)
{
    switch (node)
    {
        case YamlMappingNode map:
            foreach (var (key, value) in map.Children)
            {
                if (
                    ((YamlScalarNode)key).Value == "$ref"
                    && value is YamlScalarNode { Value: { } target }
                    && target.StartsWith("#/components/schemas/")
                )
                {
                    var name = target["#/components/schemas/".Length..];
                    if (reached.Add(name))
                    {
                        Reach(Map(schemas, name)!, reached);
                    }
                }
                else
                {
                    Reach(value, reached);
                }
            }

            break;
        case YamlSequenceNode sequence:
            foreach (var item in sequence.Children)
            {
                Reach(item, reached);
            }

            break;
    }
}

static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

static YamlMappingNode? Map(YamlMappingNode node, string key) =>
    node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

static bool IsSort(YamlSequenceNode values) => values.Children.Any(v => ((YamlScalarNode)v).Value!.StartsWith('-'));

static YamlSequenceNode? Sequence(YamlMappingNode node, string key) =>
    node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlSequenceNode : null;

static string? Scalar(YamlMappingNode node, string key) =>
    node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
