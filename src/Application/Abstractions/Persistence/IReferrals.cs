using MakCrm.Application.Referrals;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The referral program's reads: referrers by code or id, the chain above an organization, and its
/// referrals.</summary>
public interface IReferrals
{
    /// <summary>The active, live partner or franchisee that holds the (normalized) code; null when none does.</summary>
    Task<ReferrerCandidate?> FindActiveByCodeAsync(string code, CancellationToken cancellationToken);

    /// <summary>A live organization as a referrer candidate; null when there is none with the id.</summary>
    Task<ReferrerCandidate?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The organization and its referrers upwards (bounded, so that a chain that loops already still
    /// ends).</summary>
    Task<IReadOnlyList<Guid>> ChainFromAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>How many organizations the organization recruited directly (level 1) and its recruits recruited (level
    /// 2).</summary>
    Task<(int Level1, int Level2)> CountAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>One page of the organization's referrals of a level, newest first (<paramref name="take"/> rows at
    /// most).</summary>
    Task<IReadOnlyList<ReferralDto>> ListAsync(
        Guid organizationId,
        int level,
        KeysetPosition? after,
        bool descending,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// What the organization earned through the referrals <paramref name="through"/> (every referral when <c>null</c>),
    /// keyed by the referral: the sums of its level-2 commission entries whose level-1 partner is that referral.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, Contracts.ReferralEarnings>> EarnedAsync(
        Guid organizationId,
        IReadOnlyCollection<Guid>? through,
        CancellationToken cancellationToken
    );
}
