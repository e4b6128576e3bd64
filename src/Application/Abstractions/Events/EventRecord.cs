namespace MakCrm.Application.Abstractions.Events;

/// <summary>
/// A committed event as it is stored: <see cref="Sequence"/> numbers events in the order they became visible (every
/// reader sees them in that order, and a number once seen is never followed by a smaller one); <see cref="Data"/> is
/// the resource as the API answered it when the event was raised, as JSON text.
/// </summary>
public sealed record EventRecord(
    Guid Id,
    long Sequence,
    string Type,
    DateTimeOffset OccurredAt,
    Guid OrganizationId,
    Guid? ActorUserId,
    string? ActorClientId,
    string? ActorDisplayName,
    string ResourceType,
    Guid ResourceId,
    string Data
)
{
    /// <summary>The event as UTF-8 JSON: the bytes a webhook signs and sends and a stream writes.</summary>
    public byte[] ToUtf8Json() => Contracts.WireJson.SerializeToUtf8Bytes(Contracts.Event.From(this));
}

/// <summary>An event as the feed returns it and webhooks and the stream send it (schema <c>Event</c>).</summary>
public static class EventAnswers
{
    extension(Contracts.Event)
    {
        /// <summary>
        /// The event with its data: the resource as the API answered it when the event was raised
        /// (<c>x-event-payloads</c> in the contract names its schema per type), or <c>{id, version}</c> for a deletion.
        /// </summary>
        public static Contracts.Event From(EventRecord e) =>
            new(
                e.Id,
                new Contracts.EventTypeName(e.Type),
                e.Sequence,
                e.OccurredAt,
                e.OrganizationId,
                new Contracts.Actor(e.ActorUserId, e.ActorClientId, e.ActorDisplayName),
                e.ResourceType,
                e.ResourceId,
                new Contracts.RawJson(e.Data)
            );
    }
}
