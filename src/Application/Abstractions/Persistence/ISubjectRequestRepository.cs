using MakCrm.Application.SubjectRequests;
using MakCrm.Domain.SubjectRequests;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Subject requests and their verification codes; rows outside the scope do not exist for the
/// caller.</summary>
public interface ISubjectRequestRepository
{
    Task<IReadOnlyList<SubjectRequest>> ListAsync(
        SubjectRequestListCriteria criteria,
        CancellationToken cancellationToken
    );

    /// <summary>The request, tracked so that a command can change it.</summary>
    Task<SubjectRequest?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    void Add(SubjectRequest request);

    void AddChallenge(SubjectRequestChallenge challenge);

    /// <summary>The request's newest code, tracked.</summary>
    Task<SubjectRequestChallenge?> LatestChallengeAsync(Guid requestId, CancellationToken cancellationToken);
}

/// <summary>
/// Gathers what the operator holds about a person into an access request's answer: the clients with the person's
/// phone or e-mail in every organization, their leads, deals, documents (with their files), consents and the
/// personal-data read log about them.
/// </summary>
public interface ISubjectDataArchive
{
    /// <summary>Writes the ZIP of the person's data into <paramref name="output"/>.</summary>
    Task WriteAsync(Guid clientId, Stream output, CancellationToken cancellationToken);
}
