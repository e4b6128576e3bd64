using System.Text.Json;
using System.Text.Json.Serialization;

namespace MakCrm.Contracts;

/// <summary>
/// An event type's name (schema <c>EventType</c>), in a body or the query string: the catalogue
/// (<see cref="Domain.Events.EventTypes"/>) lists the names, and the runtime description takes them from it. Binding
/// keeps what was sent, so that an unknown name is a field error of the query.
/// </summary>
[JsonConverter(typeof(EventTypeNameConverter))]
public readonly record struct EventTypeName(string Name)
{
    public static bool TryParse(string? raw, out EventTypeName result)
    {
        result = new EventTypeName(raw ?? "");
        return true;
    }

    public override string ToString() => Name;
}

internal sealed class EventTypeNameConverter : JsonConverter<EventTypeName>
{
    public override EventTypeName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, EventTypeName value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}
