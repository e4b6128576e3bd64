using MakCrm.Application.Audit;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IAuditLog
{
    Task<IReadOnlyList<AuditEventDto>> ListAsync(AuditListCriteria criteria, CancellationToken cancellationToken);
}
