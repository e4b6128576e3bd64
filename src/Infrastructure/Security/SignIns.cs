using MakCrm.Application.Abstractions.Security;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.Infrastructure.Security;

/// <summary>
/// Sign-ins as refresh-token families: a family is active while its newest token is unspent, unrevoked and unexpired.
/// Revoking writes <c>revoked_at</c> on the family's tokens, which the database's trigger notifies to every instance
/// (<see cref="UserStandingChanges"/>), so that the family's access tokens are refused on their next request.
/// </summary>
internal sealed class SignIns(MakCrmDbContext db, UserStandings standings, TimeProvider clock) : ISignIns
{
    public async Task<IReadOnlyList<SignIn>> ListActiveAsync(Guid userId, CancellationToken cancellationToken)
    {
        // A family's live token (unspent, unrevoked, unexpired) is its newest: it keeps the time the user proved who
        // they
        // are, and was issued by the sign-in's latest use (the sign-in itself or its last refresh), with that request's
        // address and user agent.
        var now = clock.GetUtcNow();
        var live = await db.Set<RefreshToken>()
            .AsNoTracking()
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.SpentAt == null && t.ExpiresAt > now)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new SignIn(
                t.FamilyId,
                t.ClientId,
                t.AuthenticatedAt,
                t.CreatedAt,
                t.ExpiresAt,
                t.IpAddress,
                t.UserAgent
            ))
            .ToListAsync(cancellationToken);
        return [.. live.DistinctBy(s => s.Id)];
    }

    public async Task<bool> RevokeAsync(Guid userId, Guid signInId, CancellationToken cancellationToken) =>
        await RevokeWhereAsync(
            db.Set<RefreshToken>().Where(t => t.UserId == userId && t.FamilyId == signInId),
            cancellationToken
        ) > 0;

    public Task<int> RevokeAllAsync(Guid userId, Guid? except, CancellationToken cancellationToken) =>
        RevokeWhereAsync(
            db.Set<RefreshToken>().Where(t => t.UserId == userId && (except == null || t.FamilyId != except)),
            cancellationToken
        );

    // Counts families, not rows: a family has a row per refresh.
    private async Task<int> RevokeWhereAsync(
        IQueryable<Identity.RefreshToken> tokens,
        CancellationToken cancellationToken
    )
    {
        var now = clock.GetUtcNow();
        var active = tokens.Where(t => t.RevokedAt == null);
        var families = await active
            .Where(t => t.SpentAt == null && t.ExpiresAt > now)
            .Select(t => t.FamilyId)
            .Distinct()
            .CountAsync(cancellationToken);
        await active.ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);

        // The database notifies every instance; this one need not wait for the notification to arrive.
        standings.Forget();
        return families;
    }
}
