using MakCrm.Contracts.Events;

namespace MakCrm.Application.Abstractions.Events;

/// <summary>
/// Raises events from inside a command. They are written by the command's own unit of work, in its transaction, just
/// before it commits: an event exists exactly when the change that raised it commits, and a rolled-back or retried
/// attempt raises nothing. A worker that commits on its own writes what it raised with <see cref="IEventWriter"/>.
/// </summary>
/// <remarks>
/// The type (<see cref="EventPayloads"/>) names the wire record the event carries, so an event is raised only with
/// what renders as that record: the record itself, or a result that answers as it (<see cref="IAnswersAs{TRecord}"/>).
/// A result that names users (<see cref="INamesUsers"/>) gets their names first, looked up once for all the events
/// written together. The data is written with the API's JSON (<see cref="Contracts.WireJson"/>).
/// </remarks>
public interface IEventOutbox
{
    /// <summary>An event carrying the record the API answers with.</summary>
    void Raise<TRecord>(EventPayload<TRecord> type, Guid organizationId, Guid resourceId, TRecord record)
        where TRecord : class;

    /// <summary>An event carrying a handler's result (e.g. a <c>LeadDto</c>) as the API answers it.</summary>
    void Raise<TRecord>(EventPayload<TRecord> type, Guid organizationId, Guid resourceId, IAnswersAs<TRecord> resource)
        where TRecord : class;

    /// <summary>A deletion: the event carries the resource's id and the version it had when it was deleted.</summary>
    void RaiseDeleted(EventPayload<Contracts.DeletedResource> type, Guid organizationId, Guid resourceId, long version);
}

/// <summary>Writes the events raised so far in the current scope, in the caller's own open transaction.</summary>
public interface IEventWriter
{
    Task WriteRaisedAsync(CancellationToken cancellationToken);
}
