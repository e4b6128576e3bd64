using MakCrm.Application.Consents;
using MakCrm.Domain.Consents;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Consents of clients, read within a data scope.</summary>
public interface IConsentRepository
{
    Task<IReadOnlyList<Contracts.Consent>> ListAsync(ConsentListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>The consent, untracked, when the scope includes it.</summary>
    Task<Consent?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The consent to change, tracked, when the scope includes it.</summary>
    Task<Consent?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The client's consent for the purpose that is live at <paramref name="now"/> and lasts longest;
    /// <c>null</c> when there is none.</summary>
    Task<Consent?> FindLiveAsync(
        Guid clientId,
        ConsentPurpose purpose,
        DateTimeOffset now,
        CancellationToken cancellationToken
    );

    /// <summary>Every consent of the client for the purpose that is live at <paramref name="now"/>, tracked, to
    /// withdraw.</summary>
    Task<IReadOnlyList<Consent>> FindAllLiveAsync(
        Guid clientId,
        ConsentPurpose purpose,
        DateTimeOffset now,
        CancellationToken cancellationToken
    );

    void Add(Consent consent);
}
