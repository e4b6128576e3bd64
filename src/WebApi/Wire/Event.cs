using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Events;
using MakCrm.Contracts;
using EventPage = MakCrm.Contracts.EventPage;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class EventMappings
{
    /// <summary>
    /// An event as the feed returns it and webhooks and the stream send it (schema <c>Event</c>); <see cref="Data"/> is
    /// the resource as the API answered it when the event was raised (<c>x-event-payloads</c> in the contract names its
    /// schema per type), or <c>{id, version}</c> for a deletion.
    /// </summary>
    extension(Event)
    {
        public static Event From(EventRecord e) => new(
            e.Id, new EventTypeName(e.Type), e.Sequence, e.OccurredAt, e.OrganizationId, new Actor(e.ActorUserId, e.ActorClientId, e.ActorDisplayName), e.ResourceType, e.ResourceId, new RawJson(e.Data));
    }

    extension(EventPage)
    {
        public static EventPage From(Application.Events.EventPage page) => new(page.Items.Select(Event.From).ToList(), page.NextCursor, page.HasMore);
    }
}
