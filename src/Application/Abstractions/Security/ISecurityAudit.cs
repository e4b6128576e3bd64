namespace MakCrm.Application.Abstractions.Security;

/// <summary>Security events of the audit log (kind <c>security</c>), stamped with the request's actor, address and
/// trace.</summary>
public interface ISecurityAudit
{
    /// <summary>Writes the event at once, in its own save: it must stay even if what follows fails.</summary>
    Task RecordAsync(string action, object details, CancellationToken cancellationToken);
}
