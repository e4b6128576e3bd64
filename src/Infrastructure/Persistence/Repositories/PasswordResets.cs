using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class PasswordResets(MakCrmDbContext db) : IPasswordResets
{
    public Task LockEmailAsync(string email, CancellationToken cancellationToken) =>
        AdvisoryLocks.LockAsync(db.Database, "password-reset:" + email, cancellationToken);

    public Task<int> CountSinceAsync(string email, DateTimeOffset since, CancellationToken cancellationToken) =>
        db.Set<PasswordReset>().CountAsync(r => r.Email == email && r.RequestedAt > since, cancellationToken);

    public void Add(PasswordResetRequest request) =>
        db.Set<PasswordReset>()
            .Add(
                new PasswordReset
                {
                    Id = request.Id,
                    Email = request.Email,
                    UserId = request.UserId,
                    TokenHash = request.TokenHash,
                    RequestedAt = request.RequestedAt,
                    ExpiresAt = request.ExpiresAt,
                    IpAddress = request.IpAddress,
                }
            );

    public async Task<Guid?> SpendAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var spent = await db
            .Database.SqlQuery<Guid>(
                $"""
                UPDATE password_resets SET used_at = {now}
                WHERE token_hash = {tokenHash} AND used_at IS NULL AND expires_at > {now} AND user_id IS NOT NULL
                RETURNING user_id AS "Value"
                """
            )
            .ToListAsync(cancellationToken);
        return spent.Count == 1 ? spent[0] : null;
    }

    public Task SpendAllAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<PasswordReset>()
            .Where(r => r.UserId == userId && r.UsedAt == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.UsedAt, now), cancellationToken);
}
