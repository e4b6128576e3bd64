using MakCrm.Application.LeadReturns;
using MakCrm.Domain.LeadReturns;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

public interface ILeadReturnRepository
{
    void Add(LeadReturn leadReturn);

    /// <summary>
    /// The lead, tracked and update-locked to the end of the transaction, so that requests and decisions about one
    /// lead run one at a time; <c>null</c> when it does not exist, was deleted or is outside the scope.
    /// </summary>
    Task<Lead?> LockLeadAsync(Guid leadId, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The return, tracked and update-locked: two decisions about it run one after the other.</summary>
    Task<LeadReturn?> LockAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The return made for a charge, if any (a charge is returned at most once).</summary>
    Task<LeadReturnStatus?> StatusForChargeAsync(Guid chargeEntryId, CancellationToken cancellationToken);

    Task<bool> OpenExistsAsync(Guid leadId, CancellationToken cancellationToken);

    Task<LeadReturnDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    Task<IReadOnlyList<LeadReturnDto>> ListAsync(LeadReturnListCriteria criteria, CancellationToken cancellationToken);
}
