using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Documents;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class DocumentTemplateVersionRepository(MakCrmDbContext db) : IDocumentTemplateVersionRepository
{
    public async Task<IReadOnlyList<DocumentTemplateVersion>> ListAsync(
        string? name,
        CancellationToken cancellationToken
    ) =>
        await db
            .Set<DocumentTemplateVersion>()
            .AsNoTracking()
            .Where(v => name == null || v.Name == name)
            .OrderBy(v => v.Name)
            .ThenBy(v => v.Number)
            .ToListAsync(cancellationToken);

    public Task<int?> NewestNumberAsync(string name, CancellationToken cancellationToken) =>
        db.Set<DocumentTemplateVersion>().Where(v => v.Name == name).MaxAsync(v => (int?)v.Number, cancellationToken);

    public Task<DocumentTemplateVersion?> GetAsync(string name, int number, CancellationToken cancellationToken) =>
        db
            .Set<DocumentTemplateVersion>()
            .AsNoTracking()
            .FirstOrDefaultAsync(v => v.Name == name && v.Number == number, cancellationToken);

    public void Add(DocumentTemplateVersion version) => db.Set<DocumentTemplateVersion>().Add(version);
}
