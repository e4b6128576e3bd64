using MakCrm.Application.Ledger;
using MakCrm.Domain.LeadReturns;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Reads of franchisee ledgers and balances, limited to what a <see cref="DataScope"/> may see.</summary>
public interface ILedgerReader
{
    Task<IReadOnlyList<LedgerEntryDto>> ListEntriesAsync(
        LedgerEntryListCriteria criteria,
        CancellationToken cancellationToken
    );

    Task<LedgerEntryDto?> GetEntryAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>Franchisees (organizations of kind franchisee) with their balances.</summary>
    Task<IReadOnlyList<FranchiseeBalanceDto>> ListBalancesAsync(
        BalanceListCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary><c>null</c> when the organization is not a franchisee or is outside the scope.</summary>
    Task<FranchiseeBalanceDto?> GetBalanceAsync(
        Guid organizationId,
        DataScope scope,
        CancellationToken cancellationToken
    );

    /// <summary>The organization's latest <c>charge</c> entry for the lead, if it ever bought it.</summary>
    Task<ReturnableCharge?> LatestChargeAsync(Guid leadId, Guid organizationId, CancellationToken cancellationToken);
}
