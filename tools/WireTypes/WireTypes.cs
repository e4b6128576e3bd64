#:package YamlDotNet
#:project ../../src/Application/MakCrm.Application.csproj
#:property PublishAot=false
// Generates src/WebApi/Contracts/Generated/WireTypes.g.cs from api-spec/openapi.yaml: the server's wire types, one
// record per object schema of the contract, so that a schema's properties, their order, types, nullability and which
// of them a request must carry are written once, in the contract (ADR 0030).
//
// - A schema reached from a request body becomes a record of init-only properties, `required` where the schema
//   requires it (the body reader refuses a missing required field and a null where the type is not nullable).
//   Every other schema becomes a positional record, its parameters in the schema's order.
// - A property is nullable where the contract says so: `nullable: true`, or `oneOf` with `{enum: [null]}`.
// - An enum schema is the Domain or Application enum of its name, which must spell the schema's values in their order
//   (SnakeCaseNames); one that no layer below has is generated as a C# enum. An inline enum is the one enum below
//   that spells exactly its values. The generator refuses anything else.
// - Where the Application returns a `<Schema>Dto` of exactly the schema's shape, the API answers with the DTO as it
//   is and no record is generated (SameShapeDto).
// - The few schemas the server answers with a type of its own are listed in `serverTypes` below, with the reason.
//
// Run by `./mak generate`: dotnet run tools/WireTypes/WireTypes.cs -- <contract> <output>
using System.Reflection;
using System.Text;
using System.Text.Json;
using MakCrm.Domain.Common;
using YamlDotNet.RepresentationModel;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: WireTypes.cs <openapi.yaml> <output.cs>");
    return 2;
}

// Schemas the server answers or reads with a type that is not generated, and the type it uses instead.
var serverTypes = new Dictionary<string, string>(StringComparer.Ordinal)
{
    // Shared with the Application layer, which returns it as it is on the wire.
    ["UserRef"] = "MakCrm.Application.Common.UserRef",
    ["Attribution"] = "MakCrm.Domain.Common.Attribution",
    ["LeadConsent"] = "MakCrm.Domain.Leads.LeadConsent",
    ["LeadConsentInput"] = "MakCrm.Application.Leads.LeadConsentInput",
    ["SettlementActLine"] = "MakCrm.Domain.Settlements.SettlementActLine",
    ["SettlementAcceptance"] = "MakCrm.Domain.Settlements.SettlementAcceptance",
    ["SettlementPayout"] = "MakCrm.Domain.Settlements.SettlementPayout",
    ["SettlementAcceptanceCodeSent"] = "MakCrm.Application.Settlements.SettlementAcceptanceCodeSent",
    // A map of the caller's own strings.
    ["Metadata"] = "IReadOnlyDictionary<string, string>",
    // An event type is any name of the catalogue; an unknown one is kept so that the query can name it as wrong.
    ["EventType"] = "EventTypeName",
};

// Schemas the server writes or reads by other means: the authorization server's own bodies (RFC 6749, RFC 8414,
// RFC 7517), problems (ProblemJsonWriter), a deletion's event data, and a batch whose items are read one by one.
var notGenerated = new HashSet<string>(StringComparer.Ordinal)
{
    "Problem", "TokenRequest", "RevokeRequest", "TokenSuccess", "TokenError", "AuthorizationServerMetadata",
    "JsonWebKeySet", "JsonWebKey", "DeletedResource", "LeadSubmissionBatchRequest",
};

// Schemas generated under another name, where the contract's name is taken by a Domain type the same files use.
var renamed = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["LoanFee"] = "LoanFeeRecord",
};

// Properties whose server type the contract cannot say: free JSON kept as it was written.
var propertyTypes = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["Event.data"] = "RawJson",
};

var stream = new YamlStream();
using (var reader = new StreamReader(args[0]))
{
    stream.Load(reader);
}

var root = (YamlMappingNode)stream.Documents[0].RootNode;
var schemas = Map(Map(root, "components")!, "schemas")!;

var domainEnums = new[] { typeof(SnakeCaseNames).Assembly, typeof(MakCrm.Application.Common.UserRef).Assembly }
    .SelectMany(a => a.GetTypes())
    .Where(t => t.IsEnum && t.IsPublic)
    .ToList();
var generatedEnums = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
var applicationTypes = typeof(MakCrm.Application.Common.UserRef).Assembly.GetTypes().Where(t => t.IsPublic && !t.IsEnum).ToList();
var sameShape = new Dictionary<string, string?>(StringComparer.Ordinal);
var fromDtos = new Dictionary<string, Type?>(StringComparer.Ordinal);
var nullability = new NullabilityInfoContext();
var imported = new Dictionary<string, string>(StringComparer.Ordinal);
var usings = new SortedSet<string>(StringComparer.Ordinal) { "MakCrm.Domain.Common", "System.Text.Json.Nodes" };
var errors = new List<string>();

var requestSchemas = new HashSet<string>(StringComparer.Ordinal);
foreach (var path in Map(root, "paths")!.Children.Values.OfType<YamlMappingNode>())
{
    foreach (var operation in path.Children.Values.OfType<YamlMappingNode>())
    {
        if (Map(operation, "requestBody") is { } body)
        {
            Reach(body, requestSchemas);
        }
    }
}

var text = new StringBuilder();
foreach (var (key, value) in schemas.Children)
{
    var name = ((YamlScalarNode)key).Value!;
    var schema = (YamlMappingNode)value;
    if (Map(schema, "properties") is not { } properties || notGenerated.Contains(name) || serverTypes.ContainsKey(name) || SameShapeDto(name) is not null)
    {
        if (Sequence(schema, "enum") is { } values && !serverTypes.ContainsKey(name))
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
            text.AppendLine($"    public {(isRequired ? "required " : "")}{type}{(nullable ? "?" : "")} {Pascal(property)} {{ get; init; }}{(initializer is null ? "" : $" = {initializer};")}");
        }

        foreach (var member in CommandMappings(name, typeName, properties))
        {
            text.AppendLine();
            text.AppendLine(member);
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
        var members = AnswerMappings(name, typeName, properties);
        text.AppendLine(string.Join(",\n", parameters) + (members.Count == 0 ? ");" : ")"));
        if (members.Count > 0)
        {
            text.AppendLine("{");
            text.AppendLine(string.Join("\n\n", members));
            text.AppendLine("}");
        }
    }
}

foreach (var (name, values) in generatedEnums)
{
    text.AppendLine();
    text.AppendLine($"/// <summary>Schema <c>{name}</c>, spelled on the wire as <see cref=\"SnakeCaseNames\"/> spells its values.</summary>");
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

if (errors.Count > 0)
{
    foreach (var error in errors.Distinct())
    {
        Console.Error.WriteLine(error);
    }

    return 1;
}

var header = new StringBuilder();
header.AppendLine("""
    //----------------------
    // <auto-generated>
    //     Generated from api-spec/openapi.yaml by tools/WireTypes/WireTypes.cs (./mak generate). Do not edit.
    // </auto-generated>
    //----------------------
    """);
foreach (var ns in usings)
{
    header.AppendLine($"using {ns};");
}

header.AppendLine();
header.AppendLine("#nullable enable");
header.AppendLine();
header.AppendLine("namespace MakCrm.WebApi.Contracts;");
File.WriteAllText(args[1], header.ToString() + text.ToString().Replace("\r\n", "\n"));
return 0;

// What an optional property holds when a request leaves it out: the contract's default, or an empty text or list.
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

    return type == "string" ? "\"\"" : type.StartsWith("IReadOnlyList<", StringComparison.Ordinal) ? "[]" : null;
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
        var references = alternatives.Children.OfType<YamlMappingNode>().Select(a => Scalar(a, "$ref")).OfType<string>().ToList();
        var orNull = alternatives.Children.OfType<YamlMappingNode>()
            .Any(a => Sequence(a, "enum") is { } e && e.Children.Count == 1 && ((YamlScalarNode)e.Children[0]).Value is "null" or "~" or "");
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
            var spelled = values.Children.Select(v => ((YamlScalarNode)v).Value!).Where(v => v is not ("null" or "~" or "")).ToList();
            return (InlineEnum(schemaName, property, spelled), nullable);
        case "string":
            return (format switch
            {
                "uuid" => "Guid",
                "date-time" => "DateTimeOffset",
                "date" => "DateOnly",
                "binary" => "IFormFile",
                _ => "string",
            }, nullable);
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

    if (SameShapeDto(name) is { } dto)
    {
        return Imported(dto);
    }

    var schema = Map(schemas, name)!;
    if (Sequence(schema, "enum") is { } values)
    {
        return DomainEnum(name, values.Children.Select(v => ((YamlScalarNode)v).Value!).ToList());
    }

    return renamed.GetValueOrDefault(name, name);
}

// The mappings an answer's record gets by convention, so that a mapping that only copies properties of the same name
// and type is never written by hand: `From(<Schema>Dto)` where the DTO has every property of the schema (FromDto), and
// for a list of such items (`{items: [<Item>]}`), `From` of the list of DTOs.
List<string> AnswerMappings(string name, string typeName, YamlMappingNode properties)
{
    var members = new List<string>();
    if (FromDto(name) is { } dto)
    {
        var arguments = properties.Children.Select(p => $"dto.{Pascal(((YamlScalarNode)p.Key).Value!)}");
        members.Add($"    public static {typeName} From(global::{dto.FullName} dto) =>\n        new({string.Join(", ", arguments)});");
    }

    // A list (`items`) or a page of a list (`items`, `nextCursor`) of one schema, made of the Application's list or
    // `Page<T>` of that schema's DTO: the items as they are where the DTO is the item's record, or through the item's
    // generated `From(<Item>Dto)`. An item mapped by hand keeps its list's mapping beside it.
    var names = properties.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
    var paged = names.SequenceEqual(["items", "nextCursor"]);
    if ((paged || names.SequenceEqual(["items"])) && Map(properties, "items") is { } items
        && Scalar(items, "type") == "array" && Scalar(items, "nullable") != "true" && Map(items, "items") is { } item
        && Scalar(item, "$ref") is { } reference && !serverTypes.ContainsKey(reference["#/components/schemas/".Length..]))
    {
        var itemName = reference["#/components/schemas/".Length..];
        var itemType = renamed.GetValueOrDefault(itemName, itemName);
        var itemDto = SameShapeDto(itemName) ?? FromDto(itemName)?.FullName;
        var list = SameShapeDto(itemName) is null ? $".Select({itemType}.From).ToList()" : "";
        if (itemDto is not null)
        {
            members.Add(paged
                ? $"    public static {typeName} From(global::MakCrm.Application.Common.Page<global::{itemDto}> page) => new(page.Items{list}, page.NextCursor);"
                : $"    public static {typeName} From(IReadOnlyList<global::{itemDto}> items) => new(items{list});");
        }
    }

    return members;
}

// The Application's `<Schema>Dto` from which the schema's record is made by copying: it has a property of the same
// name for every property of the schema, of the same type or one that converts to it implicitly (a value to its
// nullable), and more besides (a DTO of exactly the schema's shape is answered as it is: SameShapeDto).
Type? FromDto(string name)
{
    if (fromDtos.TryGetValue(name, out var known))
    {
        return known;
    }

    fromDtos[name] = null;
    var schema = Map(schemas, name)!;
    var dto = applicationTypes.SingleOrDefault(t => t.Name == name + "Dto");
    if (dto is null || requestSchemas.Contains(name) || notGenerated.Contains(name) || SameShapeDto(name) is not null
        || Map(schema, "properties") is not { } properties)
    {
        return null;
    }

    var errorsBefore = errors.Count;
    var copies = properties.Children.All(p =>
    {
        var property = ((YamlScalarNode)p.Key).Value!;
        return dto.GetProperty(Pascal(property), BindingFlags.Public | BindingFlags.Instance) is { } source
            && Converts(CSharpName(source.PropertyType, nullability.Create(source)), WireType(name, property, (YamlMappingNode)p.Value));
    });
    errors.RemoveRange(errorsBefore, errors.Count - errorsBefore);
    return fromDtos[name] = copies ? dto : null;
}

// The mappings a request's record gets by convention: where the Application's `<Name>Command` for a `<Name>Request`
// ends with one parameter per property of the schema, of the same name and in the same order, `ToCommand` takes the
// parameters before them (route values, an `If-Match`) and copies the rest. Parameters of type `Patch<T>` make a
// JSON merge patch: each is the field as the body had it or absent (`JsonBody.Field`).
List<string> CommandMappings(string name, string typeName, YamlMappingNode properties)
{
    var members = new List<string>();
    if (!name.EndsWith("Request", StringComparison.Ordinal)
        || applicationTypes.SingleOrDefault(t => t.Name == name[..^"Request".Length] + "Command") is not { } command)
    {
        return members;
    }

    var parameters = command.GetConstructors().Select(c => c.GetParameters()).MaxBy(p => p.Length) ?? [];
    var count = properties.Children.Count;
    if (parameters.Length < count)
    {
        return members;
    }

    var leading = parameters[..^count];
    var copied = parameters[^count..];
    var patch = copied.All(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(MakCrm.Application.Common.Patch<>));
    var arguments = new List<string>();
    foreach (var (p, parameter) in properties.Children.Zip(copied))
    {
        var property = ((YamlScalarNode)p.Key).Value!;
        var wire = WireType(name, property, (YamlMappingNode)p.Value);
        var info = nullability.Create(parameter);
        var target = patch ? CSharpName(parameter.ParameterType.GetGenericArguments()[0], info.GenericTypeArguments[0]) : CSharpName(parameter.ParameterType, info);
        if (parameter.Name != Pascal(property) || !Converts(wire, target))
        {
            return members;
        }

        arguments.Add(!patch ? Pascal(property)
            : wire == target ? $"body.Field(\"{property}\", body.Value.{Pascal(property)})"
            : $"body.Field<{target}>(\"{property}\", body.Value.{Pascal(property)})");
    }

    var inputs = leading.Select(p => $"{CSharpName(p.ParameterType, nullability.Create(p))} {Camel(p.Name!)}").ToList();
    if (patch)
    {
        inputs.Add($"global::MakCrm.WebApi.Http.JsonBody<{typeName}> body");
    }

    var all = leading.Select(p => Camel(p.Name!)).Concat(arguments);
    members.Add($"    public {(patch ? "static " : "")}global::{command.FullName} ToCommand({string.Join(", ", inputs)}) =>\n        new({string.Join(", ", all)});");
    return members;
}

string WireType(string schemaName, string property, YamlMappingNode node)
{
    var (type, nullable) = TypeOf(schemaName, property, node);
    return nullable ? type + "?" : type;
}

// A value of the first C# type is assigned to the second without a cast or a nullability warning.
static bool Converts(string from, string to) => from == to || from + "?" == to;

static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

// The Application's `<Schema>Dto`, when the API answers with the schema and the DTO has exactly its shape: the same
// properties in the same order, of the types and nullability this generator would write. The API then answers with
// the DTO itself, and no record is generated for the schema.
string? SameShapeDto(string name)
{
    if (sameShape.TryGetValue(name, out var known))
    {
        return known;
    }

    sameShape[name] = null;
    var schema = Map(schemas, name)!;
    var dto = applicationTypes.SingleOrDefault(t => t.Name == name + "Dto");
    if (dto is null || requestSchemas.Contains(name) || notGenerated.Contains(name) || Map(schema, "properties") is not { } properties)
    {
        return null;
    }

    // Every property a parameter of the positional constructor, in its order: a computed property would be answered
    // but could not be required in the answer's schema.
    var dtoProperties = dto.GetProperties(BindingFlags.Public | BindingFlags.Instance);
    var parameters = dto.GetConstructors().Select(c => c.GetParameters()).MaxBy(p => p.Length) ?? [];
    if (dtoProperties.Length != properties.Children.Count || !parameters.Select(p => p.Name).SequenceEqual(dtoProperties.Select(p => p.Name)))
    {
        return null;
    }

    var errorsBefore = errors.Count;
    var same = properties.Children.Zip(dtoProperties).All(pair =>
    {
        var property = ((YamlScalarNode)pair.First.Key).Value!;
        var (type, nullable) = TypeOf(name, property, (YamlMappingNode)pair.First.Value);
        return Pascal(property) == pair.Second.Name && $"{type}{(nullable ? "?" : "")}" == CSharpName(pair.Second.PropertyType, nullability.Create(pair.Second));
    });
    errors.RemoveRange(errorsBefore, errors.Count - errorsBefore);
    return sameShape[name] = same ? dto.FullName : null;
}

string CSharpName(Type type, NullabilityInfo info)
{
    if (Nullable.GetUnderlyingType(type) is { } underlying)
    {
        return CSharpName(underlying, info) + "?";
    }

    var name = type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(int) => "int",
        _ when type == typeof(long) => "long",
        _ when type == typeof(decimal) => "decimal",
        _ when type == typeof(double) => "double",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(object) => "object",
        { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select((a, i) => CSharpName(a, info.GenericTypeArguments[i])))}>",
        // A type of our own layers matches only the type the contract's schema resolved to, never one of the same name.
        _ when type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true => type.Name,
        _ when imported.TryGetValue(type.Name, out var fullName) && fullName == type.FullName => type.Name,
        _ => "global::" + type.FullName,
    };
    return !type.IsValueType && info.ReadState == NullabilityState.Nullable ? name + "?" : name;
}

// The Domain or Application enum named as the schema, whose spelling must be the schema's values in the same order;
// where there is none, the enum is generated from the schema.
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
        errors.Add($"enum schema {name}: the contract lists [{string.Join(", ", values)}], {type.FullName} spells [{string.Join(", ", spelled)}]");
    }

    return Imported(type.FullName!);
}

// An enum written inline in a property: the one Domain enum that spells exactly these values.
string InlineEnum(string schemaName, string property, IReadOnlyList<string> values)
{
    var matches = domainEnums.Where(t => SnakeCaseNames.All(t).SequenceEqual(values)).ToList();
    if (matches.Count != 1)
    {
        errors.Add($"{schemaName}.{property}: {matches.Count} Domain enums spell [{string.Join(", ", values)}]; exactly one must");
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
    text.AppendLine($"{indent}/// <summary>Schema <c>{name}</c>{(string.IsNullOrEmpty(first) ? "" : ": " + Xml(first))}</summary>");
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
                if (((YamlScalarNode)key).Value == "$ref" && value is YamlScalarNode { Value: { } target } && target.StartsWith("#/components/schemas/"))
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

static YamlSequenceNode? Sequence(YamlMappingNode node, string key) =>
    node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlSequenceNode : null;

static string? Scalar(YamlMappingNode node, string key) =>
    node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
