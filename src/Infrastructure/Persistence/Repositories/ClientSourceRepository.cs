using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.ClientSources;
using MakCrm.Domain.Clients;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class ClientSourceRepository(MakCrmDbContext db) : IClientSourceRepository
{
    public async Task<IReadOnlyList<ClientSourceDto>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<ClientSource>()
            .AsNoTracking()
            .OrderBy(s => s.Position)
            .ThenBy(s => s.Code)
            .Select(s => new ClientSourceDto(
                s.Id,
                s.Code,
                s.Name,
                s.Position,
                s.Active,
                s.DuplicatePolicy,
                s.CreatedAt,
                s.UpdatedAt,
                s.Version
            ))
            .ToListAsync(cancellationToken);

    public Task<ClientSource?> FindAsync(string code, CancellationToken cancellationToken) =>
        db.Set<ClientSource>().FirstOrDefaultAsync(s => s.Code == code, cancellationToken);

    public Task<bool> ExistsAsync(string code, bool activeOnly, CancellationToken cancellationToken) =>
        db.Set<ClientSource>().AnyAsync(s => s.Code == code && (s.Active || !activeOnly), cancellationToken);

    public void Add(ClientSource source) => db.Set<ClientSource>().Add(source);
}
