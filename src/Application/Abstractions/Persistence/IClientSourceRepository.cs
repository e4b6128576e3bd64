using MakCrm.Application.ClientSources;
using MakCrm.Domain.Clients;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IClientSourceRepository
{
    /// <summary>Every source, active or not, by position and then code.</summary>
    Task<IReadOnlyList<ClientSourceDto>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The source to change, tracked; <c>null</c> when there is none with this code.</summary>
    Task<ClientSource?> FindAsync(string code, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string code, bool activeOnly, CancellationToken cancellationToken);

    void Add(ClientSource source);
}
