using MakCrm.Application.Points;
using MakCrm.Domain.Points;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Head office's point rule set (one row, created on first save).</summary>
public interface IPointRuleSets
{
    /// <summary>The stored set, tracked for a change; <c>null</c> until head office first saves one.</summary>
    Task<PointRuleSet?> FindAsync(CancellationToken cancellationToken);

    void Add(PointRuleSet ruleSet);
}

/// <summary>Reads of the points ledger: a user's balance and entries, and a month's ranking.</summary>
public interface IPointsReader
{
    /// <summary>The user when it exists: its organization and role; <c>null</c> otherwise.</summary>
    Task<PointsUser?> UserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The user's balance (its last entry's) and how many awards of each kind it holds unreversed.</summary>
    Task<(long Balance, IReadOnlyDictionary<PointSourceKind, int> Awards)> SummaryAsync(
        Guid userId,
        CancellationToken cancellationToken
    );

    /// <summary>A page of the user's entries, newest first.</summary>
    Task<IReadOnlyList<Contracts.PointsEntry>> EntriesAsync(
        Guid userId,
        KeysetPosition? after,
        bool descending,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>Every user of the role with entries dated in the month (Moscow days), ranked by the month's
    /// points.</summary>
    Task<IReadOnlyList<LeaderboardRowDto>> MonthAsync(string role, DateOnly month, CancellationToken cancellationToken);
}

public sealed record PointsUser(Guid Id, Guid OrganizationId, string Role);
