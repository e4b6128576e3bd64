using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MakCrm.WebApi.OpenApi;

/// <summary>Converts a YAML document to JSON, typing plain scalars (numbers, booleans, null) as YAML 1.2's core schema
/// does.</summary>
public static class YamlToJson
{
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
    }

    private static JsonNode? Node(YamlNode node) =>
        node switch
        {
            YamlMappingNode map => new JsonObject(
                map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Node(c.Value)))
            ),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(Node).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw new NotSupportedException($"YAML node {node.NodeType} is not supported."),
        };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "null" or "~" or "" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) =>
                JsonValue.Create(l),
            _ when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    && text.Any(char.IsDigit) => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }
}
