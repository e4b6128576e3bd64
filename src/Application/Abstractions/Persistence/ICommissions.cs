using MakCrm.Application.Commissions;
using MakCrm.Domain.Commissions;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The effective-dated commission rules.</summary>
public interface ICommissionRuleRepository
{
    /// <summary>Every rule effective on or before <paramref name="on"/> (the latest of each subject is the one in
    /// force).</summary>
    Task<IReadOnlyList<CommissionRule>> EffectiveOnAsync(DateOnly on, CancellationToken cancellationToken);

    /// <summary>Every rule, newest effective date first.</summary>
    Task<IReadOnlyList<CommissionRule>> ListAsync(CommissionRuleKind? kind, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(CommissionRuleSpec spec, CancellationToken cancellationToken);

    void Add(CommissionRule rule);

    /// <summary>
    /// Serialises rule changes against accruals until the transaction ends: a rule's creation takes it exclusively
    /// (<paramref name="change"/>), an accrual shared, so a new rule and an accrual it would reach never pass each
    /// other.
    /// </summary>
    Task LockAsync(bool change, CancellationToken cancellationToken);
}

/// <summary>
/// Partners' commission ledgers inside the unit of work: append-only, with the running balances after each entry
/// (ADR 0011's mechanism: <see cref="LockAsync"/> first, then <see cref="Add"/>).
/// </summary>
public interface ICommissionLedger
{
    /// <summary>Takes the commission-ledger locks of the organizations, in the one lock order (ascending key), until
    /// the transaction ends.</summary>
    Task LockAsync(IReadOnlyCollection<Guid> organizationIds, CancellationToken cancellationToken);

    /// <summary>Adds an entry (its organization's lock must be held) and returns the balances after it.</summary>
    Contracts.CommissionBalance Add(CommissionEntry entry);

    /// <summary>One committed entry, untracked.</summary>
    Task<CommissionEntry?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The entries of one loan issue (committed and added in this unit of work).</summary>
    Task<IReadOnlyList<CommissionEntry>> OfIssueAsync(Guid dealId, int issueNo, CancellationToken cancellationToken);

    /// <summary>The latest issue date among the accruals a new rule of <paramref name="spec"/>'s subject would
    /// reach.</summary>
    Task<DateOnly?> LatestAccruedIssueAsync(CommissionRuleSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Who earns on a loan of a deal: the organization that brought the deal's lead (the first in the lead's history
    /// when it
    /// changed hands; the deal's own organization without a lead) when it is a partner, and its referrer.
    /// </summary>
    Task<CommissionParties> PartiesAsync(Guid dealOrganizationId, Guid? leadId, CancellationToken cancellationToken);
}

/// <summary>Level 1 (<c>null</c>: the loan earns no partner commission) and level 2 (the level-1 partner's
/// referrer).</summary>
public sealed record CommissionParties(Guid? Partner, Guid? Referrer);

/// <summary>Reads of commission ledgers limited to a <see cref="DataScope"/>.</summary>
public interface ICommissionReader
{
    Task<IReadOnlyList<CommissionEntryDto>> ListEntriesAsync(
        CommissionEntryListCriteria criteria,
        CancellationToken cancellationToken
    );

    Task<IReadOnlyList<Contracts.CommissionBalance>> ListBalancesAsync(
        DataScope scope,
        CancellationToken cancellationToken
    );

    /// <summary>One entry of any organization, with the balances after it and the act that holds it.</summary>
    Task<CommissionEntryDto?> GetEntryAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The reversal that undoes the entry, if one was written.</summary>
    Task<CommissionEntryDto?> ReversalOfAsync(Guid entryId, CancellationToken cancellationToken);
}
