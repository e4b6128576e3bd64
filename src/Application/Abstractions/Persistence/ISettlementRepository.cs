using MakCrm.Application.Settlements;
using MakCrm.Domain.Settlements;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>
/// Settlement acts and which act holds each commission entry. An entry is held by at most one act at a time (a
/// claim keyed by the entry): a draft claims its entries, discarding it frees them, and a correction takes over the
/// claims of the act it replaces when it is issued. A second act over a held entry fails on the claim's key (409).
/// </summary>
public interface ISettlementRepository
{
    void Add(SettlementAct act);

    /// <summary>The act, tracked, if the scope includes its organization; drafts only with
    /// <paramref name="draftsVisible"/>.</summary>
    Task<SettlementAct?> FindAsync(Guid id, DataScope scope, bool draftsVisible, CancellationToken cancellationToken);

    /// <summary>The organization of a draft, read without tracking it.</summary>
    Task<Guid?> OrganizationOfDraftAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Contracts.SettlementAct>> ListAsync(
        SettlementActListCriteria criteria,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>The issued acts (never drafts) the criteria name, oldest first, each with its partner's
    /// profile.</summary>
    Task<IReadOnlyList<SettlementRegisterRow>> RegisterAsync(
        SettlementRegisterCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary>Claims the entries for the act (written with the unit of work).</summary>
    void Claim(Guid actId, IEnumerable<Guid> entryIds);

    /// <summary>Frees every entry the act holds.</summary>
    Task ReleaseClaimsAsync(Guid actId, CancellationToken cancellationToken);

    /// <summary>Moves the claims of <paramref name="fromActId"/> to <paramref name="toActId"/>.</summary>
    Task MoveClaimsAsync(Guid fromActId, Guid toActId, CancellationToken cancellationToken);

    void AddChallenge(AcceptanceChallenge challenge);

    /// <summary>The user's newest acceptance code for the act, tracked.</summary>
    Task<AcceptanceChallenge?> LatestChallengeAsync(Guid actId, Guid userId, CancellationToken cancellationToken);

    /// <summary>The organization's acts that count in a reconciliation (issued and not replaced by a correction),
    /// oldest first.</summary>
    Task<IReadOnlyList<Contracts.SettlementAct>> StandingActsAsync(
        Guid organizationId,
        CancellationToken cancellationToken
    );
}

/// <summary>The commission entries an act may include: those of the organization that moved its available balance up
/// to a time and are held by no act, oldest first.</summary>
public interface ISettleableEntries
{
    Task<IReadOnlyList<SettlementActLine>> AvailableAsync(
        Guid organizationId,
        DateTimeOffset before,
        CancellationToken cancellationToken
    );
}

/// <summary>Writes an act's payout into the organization's commission ledger (a negative available entry), in the unit
/// of work.</summary>
public interface ISettlementPayouts
{
    Task RecordAsync(SettlementAct act, CancellationToken cancellationToken);
}
