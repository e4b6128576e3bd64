using MakCrm.Application.Abstractions.Security;

namespace MakCrm.Infrastructure.Auditing;

internal sealed class SecurityAudit(AuditTrail trail) : ISecurityAudit
{
    public Task RecordAsync(string action, object details, CancellationToken cancellationToken) =>
        trail.SecurityAsync(action, null, details, cancellationToken);
}
