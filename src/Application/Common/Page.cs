namespace MakCrm.Application.Common;

/// <summary>One page of a list; <see cref="NextCursor"/> is <c>null</c> on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
