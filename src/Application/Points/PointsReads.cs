using System.Globalization;
using MakCrm.Domain.Access;
using MakCrm.Domain.Points;

namespace MakCrm.Application.Points;

/// <summary>A user's balance, level and badges: <c>null</c> for the caller's own, another user's for head
/// office.</summary>
public sealed record GetPointsSummaryQuery(Guid? UserId) : IQuery<PointsSummaryDto>;

/// <summary>A user's ledger entries, newest first: <c>null</c> for the caller's own, another user's for head
/// office.</summary>
public sealed record ListPointsEntriesQuery(Guid? UserId, string? Cursor = null, int? Limit = null)
    : IQuery<Page<Contracts.PointsEntry>>;

/// <summary>A month's ranking of a role: the caller's place with its neighbours; the top ten for head office.</summary>
public sealed record GetLeaderboardQuery(string? Month, string? Role, int? Neighbours) : IQuery<LeaderboardDto>;

internal sealed class ListPointsEntriesValidator : AbstractValidator<ListPointsEntriesQuery>
{
    public ListPointsEntriesValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class GetLeaderboardValidator : AbstractValidator<GetLeaderboardQuery>
{
    public GetLeaderboardValidator()
    {
        RuleFor(q => q.Month)
            .Must(m => m is null || PointsMonth.TryParse(m, out _))
            .WithMessage("Must be a month as YYYY-MM.");
        RuleFor(q => q.Role)
            .Must(r => r is null || Roles.DefaultMatrix.ContainsKey(r))
            .WithMessage("Must be one of the roles.");
        RuleFor(q => q.Neighbours).InclusiveBetween(0, PointsMonth.MaxNeighbours);
    }
}

/// <summary>Months of the leaderboard: calendar months in Moscow, spelled YYYY-MM.</summary>
public static class PointsMonth
{
    public const int MaxNeighbours = 10;
    public const int DefaultNeighbours = 3;
    public const int TopCount = 10;

    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    /// <summary>The Moscow calendar day of an instant: the day an award counts toward a cap and a month.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Moscow).DateTime);

    public static bool TryParse(string text, out DateOnly month)
    {
        var parsed = DateOnly.TryParseExact(
            text,
            "yyyy-MM",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out month
        );
        return parsed && month.Year is >= 2000 and <= 9999;
    }
}

/// <summary>
/// Whose points a query reads: the caller's own (a user only), or a named user's for head office
/// (<c>points.manage</c>);
/// anyone else naming another user gets 404, as for any record one may not see.
/// </summary>
internal sealed class PointsSubject(IPointsReader reader, ICurrentActor actor)
{
    public async Task<Result<PointsUser>> ResolveAsync(Guid? userId, CancellationToken cancellationToken)
    {
        var target = userId ?? actor.UserId;
        if (target is not { } id)
        {
            return new Error(
                ErrorCodes.Forbidden,
                "Only a user has points; an API client names the user.",
                ErrorKind.Forbidden
            );
        }

        var mayRead = id == actor.UserId || actor.Has(Permissions.PointsManage);
        var user = mayRead ? await reader.UserAsync(id, cancellationToken) : null;
        return user is null ? Error.NotFound("User", id) : user;
    }
}

internal sealed class GetPointsSummaryHandler(PointsSubject subject, IPointsReader reader, PointsOptions options)
    : IQueryHandler<GetPointsSummaryQuery, PointsSummaryDto>
{
    public async Task<Result<PointsSummaryDto>> Handle(GetPointsSummaryQuery query, CancellationToken cancellationToken)
    {
        var user = await subject.ResolveAsync(query.UserId, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error!;
        }

        var (balance, awards) = await reader.SummaryAsync(user.Value.Id, cancellationToken);
        var standing = new PointLevels(options.Levels).For(balance);
        return new PointsSummaryDto(user.Value.Id, balance, standing.Level, standing.Next, PointBadges.Earned(awards));
    }
}

internal sealed class ListPointsEntriesHandler(PointsSubject subject, IPointsReader reader)
    : IQueryHandler<ListPointsEntriesQuery, Page<Contracts.PointsEntry>>
{
    public async Task<Result<Page<Contracts.PointsEntry>>> Handle(
        ListPointsEntriesQuery query,
        CancellationToken cancellationToken
    )
    {
        var user = await subject.ResolveAsync(query.UserId, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error!;
        }

        var paging = ListPaging.Prepare(PointsEntrySorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await reader.EntriesAsync(user.Value.Id, after, sort.Descending, limit + 1, cancellationToken);
        return ListPaging.ToPage(PointsEntrySorts.Catalog, sort, rows, limit, e => e.Id);
    }
}

/// <summary>
/// The month's ranking of one role, by the points of entries dated in the month (awards less reversals). A user sees
/// only its own role's board: its rank and points and its neighbours' display names and points, never money. Head
/// office may name any role and also gets the top ten.
/// </summary>
internal sealed class GetLeaderboardHandler(IPointsReader reader, ICurrentActor actor, TimeProvider clock)
    : IQueryHandler<GetLeaderboardQuery, LeaderboardDto>
{
    public async Task<Result<LeaderboardDto>> Handle(GetLeaderboardQuery query, CancellationToken cancellationToken)
    {
        var headOffice = actor.Has(Permissions.PointsManage);
        var ownRole = actor.Roles.FirstOrDefault();
        var role = query.Role ?? ownRole;
        if (role is null || (!headOffice && role != ownRole))
        {
            return Error.Validation("role", "A user sees the leaderboard of its own role only.");
        }

        var today = PointsMonth.DayOf(clock.GetUtcNow());
        var month =
            query.Month is { } text && PointsMonth.TryParse(text, out var named)
                ? named
                : new DateOnly(today.Year, today.Month, 1);
        var rows = await reader.MonthAsync(role, month, cancellationToken);
        var neighbours = query.Neighbours ?? PointsMonth.DefaultNeighbours;
        var me = actor.UserId is { } self ? rows.FirstOrDefault(r => r.UserId == self) : null;
        var above = me is null ? [] : rows.Where(r => r.Rank < me.Rank && r.Rank >= me.Rank - neighbours).ToList();
        var below = me is null ? [] : rows.Where(r => r.Rank > me.Rank && r.Rank <= me.Rank + neighbours).ToList();
        return new LeaderboardDto(
            month.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            role,
            rows.Count,
            me,
            above,
            below,
            headOffice ? rows.Take(PointsMonth.TopCount).ToList() : null
        );
    }
}
