namespace MakCrm.Domain.Common;

/// <summary>
/// An aggregate whose every audit line names some of its fields even when a change left them as they were, so that
/// one line reads whole without the ones before it (a poll of a check names its provider and outcome so far).
/// </summary>
public interface IAuditedWithContext
{
    /// <summary>The names of the properties every audit line of the aggregate carries.</summary>
    IReadOnlyCollection<string> AuditContext { get; }
}
