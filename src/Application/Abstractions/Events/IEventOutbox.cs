using MakCrm.Domain.Events;

namespace MakCrm.Application.Abstractions.Events;

/// <summary>
/// Raises events from inside a command. They are written by the command's own unit of work, in its transaction, just
/// before it commits: an event exists exactly when the change that raised it commits, and a rolled-back or retried
/// attempt raises nothing. A worker that commits on its own writes what it raised with <see cref="IEventWriter"/>.
/// </summary>
public interface IEventOutbox
{
    /// <summary>An event carrying the resource as the API answers it (the handler's result, e.g. a <c>LeadDto</c>).</summary>
    void Raise(EventType type, Guid organizationId, Guid resourceId, object resource);

    /// <summary>A deletion: the event carries the resource's id and the version it had when it was deleted.</summary>
    void RaiseDeleted(EventType type, Guid organizationId, Guid resourceId, long version);
}

/// <summary>Writes the events raised so far in the current scope, in the caller's own open transaction.</summary>
public interface IEventWriter
{
    Task WriteRaisedAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The API's wire format, for what is written and sent outside a response: the resource as the API answers it, and the
/// event as the feed, the webhooks and the stream send it. Implemented by the HTTP layer, which owns that format.
/// </summary>
public interface IEventWireFormat
{
    /// <summary>The resource (a handler's result, with its users' names filled in) as JSON text.</summary>
    string Resource(object resource);

    /// <summary>The event as UTF-8 JSON: the bytes a webhook signs and sends and a stream writes.</summary>
    byte[] Event(EventRecord record);
}
