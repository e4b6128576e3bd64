namespace MakCrm.Application.Abstractions.Events;

/// <summary>What a deletion event carries: the deleted resource's id and the version it had.</summary>
public sealed record DeletedResource(Guid Id, long Version);
