using MakCrm.Application.Clients;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IClientRepository
{
    /// <summary>The client to change, tracked; <c>null</c> when it does not exist, was deleted or is outside the
    /// scope.</summary>
    Task<Client?> FindAsync(Guid id, DataScope scope, RowLock rowLock, CancellationToken cancellationToken);

    /// <summary>The live clients of <paramref name="ids"/> within the scope, not tracked, locked as
    /// <paramref name="rowLock"/> says in the order of their ids; those missing are left out.</summary>
    Task<IReadOnlyList<Client>> FindManyAsync(
        IReadOnlyCollection<Guid> ids,
        DataScope scope,
        RowLock rowLock,
        CancellationToken cancellationToken
    );

    void Add(Client client);

    /// <summary>
    /// The organization's earliest live client with this E.164 phone, share-locked and tracked, including one added
    /// earlier in the same unit of work; <c>null</c> if none.
    /// </summary>
    Task<Client?> FindByPhoneAsync(Guid organizationId, string phone, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClientDto>> ListAsync(ClientListCriteria criteria, CancellationToken cancellationToken);

    /// <summary>How many rows the list's filters match (its sort, cursor and size aside).</summary>
    Task<Contracts.ListTotal> TotalAsync(ClientListCriteria criteria, CancellationToken cancellationToken);

    Task<int> CountAsync(DataScope scope, ClientFilter filter, CancellationToken cancellationToken);

    /// <summary>Every filtered client of the scope, oldest first, read from the database as the caller consumes
    /// them.</summary>
    IAsyncEnumerable<ClientDto> StreamAsync(DataScope scope, ClientFilter filter, CancellationToken cancellationToken);

    Task<ClientDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The live client's summary; <c>null</c> when it is outside the scope.</summary>
    Task<Contracts.ClientSummary?> SummaryAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    /// <summary>The filtered clients of the scope, counted in total, by source and by processing method.</summary>
    Task<ClientSegmentsDto> SegmentAsync(DataScope scope, ClientFilter filter, CancellationToken cancellationToken);
}
