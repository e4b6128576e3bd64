using MakCrm.Domain.Organizations;

namespace MakCrm.Infrastructure.Events;

/// <summary>
/// One event (table <c>events</c>), mapped for the schema only: <see cref="EventOutbox"/> writes it, the
/// <see cref="EventSequencer"/> numbers it and <see cref="EventFeed"/> reads it, each with SQL of its own.
/// </summary>
internal sealed class StoredEvent : IOrganizationOwned
{
    public Guid Id { get; private set; }

    /// <summary>The order the events were written in (within a transaction, the order they were raised), which the
    /// sequencer keeps.</summary>
    public long Position { get; private set; }

    /// <summary>Null until the sequencer numbers the committed event; from then on its place in every reader's
    /// order.</summary>
    public long? Sequence { get; private set; }

    public string Type { get; private set; } = null!;

    public DateTimeOffset OccurredAt { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public Guid? ActorUserId { get; private set; }

    public string? ActorClientId { get; private set; }

    public string? ActorDisplayName { get; private set; }

    public string ResourceType { get; private set; } = null!;

    public Guid ResourceId { get; private set; }

    /// <summary>
    /// The resource as the API answered it, kept as the exact JSON text (<c>json</c>, not <c>jsonb</c>); null only
    /// until
    /// the sequencer renders an event a raw-SQL writer raised without it (<see cref="EventDataRenderer"/>).
    /// </summary>
    public string? Data { get; private set; }
}
