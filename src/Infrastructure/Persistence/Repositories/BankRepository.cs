using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Banks;
using MakCrm.Domain.Banks;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class BankRepository(MakCrmDbContext db) : IBankRepository
{
    public async Task<IReadOnlyList<BankDto>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<Bank>()
            .AsNoTracking()
            .OrderBy(b => b.Name)
            .ThenBy(b => b.Code)
            .Select(b => new BankDto(b.Id, b.Code, b.Name, b.Active, b.CreatedAt, b.UpdatedAt, b.Version))
            .ToListAsync(cancellationToken);

    public Task<Bank?> FindAsync(string code, CancellationToken cancellationToken) =>
        db.Set<Bank>().FirstOrDefaultAsync(b => b.Code == code, cancellationToken);

    public Task<bool> ExistsAsync(string code, bool activeOnly, CancellationToken cancellationToken) =>
        db.Set<Bank>().AnyAsync(b => b.Code == code && (b.Active || !activeOnly), cancellationToken);

    public void Add(Bank bank) => db.Set<Bank>().Add(bank);
}
