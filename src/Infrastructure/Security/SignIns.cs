using MakCrm.Application.Abstractions.Security;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

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
        var now = clock.GetUtcNow();
        var families = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.RevokedAt == null)
            .GroupBy(t => new { t.FamilyId, t.ClientId })
            .Where(g => g.Any(t => t.SpentAt == null && t.ExpiresAt > now))
            .Select(g => new
            {
                g.Key.FamilyId,
                g.Key.ClientId,
                SignedInAt = g.Min(t => t.AuthenticatedAt),
                LastUsedAt = g.Max(t => t.CreatedAt),
                ExpiresAt = g.Max(t => t.ExpiresAt),
            })
            .OrderByDescending(f => f.LastUsedAt)
            .ToListAsync(cancellationToken);
        return [.. families.Select(f => new SignIn(f.FamilyId, f.ClientId, f.SignedInAt, f.LastUsedAt, f.ExpiresAt, IpAddress: null))];
    }

    public async Task<bool> RevokeAsync(Guid userId, Guid signInId, CancellationToken cancellationToken) =>
        await RevokeWhereAsync(db.RefreshTokens.Where(t => t.UserId == userId && t.FamilyId == signInId), cancellationToken) > 0;

    public Task<int> RevokeAllAsync(Guid userId, Guid? except, CancellationToken cancellationToken) =>
        RevokeWhereAsync(db.RefreshTokens.Where(t => t.UserId == userId && (except == null || t.FamilyId != except)), cancellationToken);

    // Counts families, not rows: a family has a row per refresh.
    private async Task<int> RevokeWhereAsync(IQueryable<Identity.RefreshToken> tokens, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var active = tokens.Where(t => t.RevokedAt == null);
        var families = await active.Where(t => t.SpentAt == null && t.ExpiresAt > now).Select(t => t.FamilyId).Distinct().CountAsync(cancellationToken);
        await active.ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, now), cancellationToken);

        // The database notifies every instance; this one need not wait for the notification to arrive.
        standings.Forget();
        return families;
    }
}
