using System.Text.Json;
using System.Text.Json.Serialization;
using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Events;

namespace MakCrm.WebApi.Contracts;

/// <summary>
/// An event as the feed returns it and webhooks and the stream send it (schema <c>Event</c>); <see cref="Data"/> is
/// the resource as the API answered it when the event was raised (<c>x-event-payloads</c> in the contract names its
/// schema per type), or <c>{id, version}</c> for a deletion.
/// </summary>
public sealed partial record Event
{
    public static Event From(EventRecord e) => new(
        e.Id, new EventTypeName(e.Type), e.Sequence, e.OccurredAt, e.OrganizationId, new Actor(e.ActorUserId, e.ActorClientId, e.ActorDisplayName), e.ResourceType, e.ResourceId, new RawJson(e.Data));
}

public sealed partial record EventPage
{
    public static EventPage From(Application.Events.EventPage page) => new(page.Items.Select(Event.From).ToList(), page.NextCursor, page.HasMore);
}

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
    public override EventTypeName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, EventTypeName value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}

/// <summary>JSON text written into a response as it is (it was written by the API's own serializer when stored).</summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Text);

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Text, skipInputValidation: true);
}
