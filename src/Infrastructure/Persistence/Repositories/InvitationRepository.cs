using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Invitations;
using MakCrm.Domain.Invitations;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class InvitationRepository(MakCrmDbContext db) : IInvitationRepository
{
    private DbSet<Invitation> Invitations => db.Set<Invitation>();

    public Task<Invitation?> FindAsync(Guid id, RowLock rowLock, CancellationToken cancellationToken) =>
        (
            rowLock switch
            {
                RowLock.None => Invitations,
                RowLock.Share => Invitations.FromSql($"SELECT * FROM invitations WHERE id = {id} FOR SHARE"),
                RowLock.Update => Invitations.FromSql($"SELECT * FROM invitations WHERE id = {id} FOR UPDATE"),
                _ => throw new ArgumentOutOfRangeException(nameof(rowLock)),
            }
        ).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    public Task<Invitation?> FindByTokenHashForUpdateAsync(string tokenHash, CancellationToken cancellationToken) =>
        Invitations
            .FromSql($"SELECT * FROM invitations WHERE token_hash = {tokenHash} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Invitation?> FindPendingAsync(
        Guid organizationId,
        string email,
        DateTimeOffset now,
        CancellationToken cancellationToken
    ) =>
        Invitations
            .Where(i =>
                i.OrganizationId == organizationId
                && i.Email == email
                && i.Status == InvitationStatus.Pending
                && i.ExpiresAt > now
            )
            .OrderByDescending(i => i.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Task LockEmailAsync(Guid organizationId, string email, CancellationToken cancellationToken) =>
        AdvisoryLocks.LockAsync(db.Database, $"invitation:{organizationId}:{email}", cancellationToken);

    public void Add(Invitation invitation) => Invitations.Add(invitation);

    public async Task<IReadOnlyList<InvitationDto>> ListAsync(
        InvitationListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = Invitations.AsNoTracking().OfOrganization(criteria.OrganizationId);

        var now = criteria.Now;
        query = criteria.Status switch
        {
            InvitationStatus.Pending => query.Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt > now),
            InvitationStatus.Expired => query.Where(i => i.Status == InvitationStatus.Pending && i.ExpiresAt <= now),
            { } status => query.Where(i => i.Status == status),
            null => query,
        };

        var rows = await query
            .Page(i => i.CreatedAt, criteria.Sort.Descending, criteria.After, criteria.Take)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(i => InvitationDto.From(i, now))];
    }
}
