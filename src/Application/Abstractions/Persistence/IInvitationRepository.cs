using MakCrm.Application.Invitations;
using MakCrm.Domain.Invitations;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IInvitationRepository
{
    Task<Invitation?> FindAsync(Guid id, RowLock rowLock, CancellationToken cancellationToken);

    /// <summary>The invitation whose current token has this hash, update-locked, so that one token is accepted
    /// once.</summary>
    Task<Invitation?> FindByTokenHashForUpdateAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>The organization's pending, unexpired invitation to the e-mail, if any.</summary>
    Task<Invitation?> FindPendingAsync(
        Guid organizationId,
        string email,
        DateTimeOffset now,
        CancellationToken cancellationToken
    );

    /// <summary>Serialises the invitations to one e-mail in one organization until the current transaction
    /// ends.</summary>
    Task LockEmailAsync(Guid organizationId, string email, CancellationToken cancellationToken);

    void Add(Invitation invitation);

    Task<IReadOnlyList<InvitationDto>> ListAsync(InvitationListCriteria criteria, CancellationToken cancellationToken);
}
