using MakCrm.Application.Banks;
using MakCrm.Domain.Banks;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IBankRepository
{
    /// <summary>Every bank, active or not, by name and then code.</summary>
    Task<IReadOnlyList<BankDto>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The bank to change, tracked; <c>null</c> when there is none with this code.</summary>
    Task<Bank?> FindAsync(string code, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string code, bool activeOnly, CancellationToken cancellationToken);

    void Add(Bank bank);
}
