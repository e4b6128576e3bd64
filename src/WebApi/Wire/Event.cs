using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Events;
using MakCrm.Contracts;
using EventPage = MakCrm.Contracts.EventPage;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class EventMappings
{
    extension(EventPage)
    {
        public static EventPage From(Application.Events.EventPage page) =>
            new(page.Items.Select(Event.From).ToList(), page.NextCursor, page.HasMore);
    }
}
