using MakCrm.Domain.Events;

namespace MakCrm.Contracts.Events;

/// <summary>
/// An event type of the catalogue (<see cref="EventTypes"/>) with the record its data is, as the contract's
/// <c>x-event-payloads</c> names it (<see cref="EventPayloads"/>): an event raised with anything else does not compile.
/// </summary>
public sealed class EventPayload<TData>(EventType type)
    where TData : class
{
    public EventType Type { get; } = type;

    public override string ToString() => Type.Name;
}
