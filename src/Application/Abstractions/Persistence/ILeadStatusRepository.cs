using MakCrm.Application.LeadStatuses;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

public interface ILeadStatusRepository
{
    /// <summary>Every live status in funnel order, tracked and update-locked: changes to the set or its order run one
    /// at a time.</summary>
    Task<List<LeadStatus>> LockAllAsync(CancellationToken cancellationToken);

    /// <summary>A live status by code, tracked; with <see cref="RowLock.Share"/> it cannot be deleted until the
    /// transaction ends.</summary>
    Task<LeadStatus?> FindAsync(string code, RowLock rowLock, CancellationToken cancellationToken);

    /// <summary>Whether any status, live or deleted, ever had the code: codes are never reused.</summary>
    Task<bool> CodeEverUsedAsync(string code, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> CodesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The first of the codes that is not a live status, or null when all are; answered from the codes the instance
    /// remembers while it hears every change to them, and read again before a code is called unknown.
    /// </summary>
    Task<string?> FirstUnknownAsync(IReadOnlyList<string> codes, CancellationToken cancellationToken);

    void Add(LeadStatus status);

    Task<IReadOnlyList<LeadStatusDto>> ListAsync(CancellationToken cancellationToken);
}
