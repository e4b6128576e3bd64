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
    string Data);
