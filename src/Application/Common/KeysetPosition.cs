namespace MakCrm.Application.Common;

/// <summary>
/// Where the previous page ended: the value of the sort field and the id of its last row. The next page starts
/// strictly after this position in the sort order, so rows added or removed meanwhile neither repeat nor vanish.
/// </summary>
public sealed record KeysetPosition(object Value, Guid Id);
