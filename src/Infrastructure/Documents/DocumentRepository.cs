using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.Documents;
using MakCrm.Domain.Documents;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Documents;

internal sealed class DocumentRepository(MakCrmDbContext db) : IDocumentRepository
{
    public void Add(Document document) => db.Set<Document>().Add(document);

    public Task<Document?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Document>().InScope(scope).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    public async Task<DocumentDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        await db.Set<Document>().InScope(scope).AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
            is { } document
            ? DocumentDto.From(document)
            : null;

    public async Task<IReadOnlyList<DocumentDto>> ListAsync(
        DataScope scope,
        DocumentKind? kind,
        Guid? organizationId,
        DocumentSearch search,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var documents = db.Set<Document>()
            .InScope(scope)
            .AsNoTracking()
            .WhereTextMatches(search.Text, d => d.FileName)
            .CreatedWithin(search.Created);
        if (kind is { } wanted)
        {
            documents = documents.Where(d => d.Kind == wanted);
        }

        if (search.SubjectType is { } subjectType)
        {
            documents = documents.Where(d => d.SubjectType == subjectType);
        }

        if (search.SubjectId is { } subjectId)
        {
            documents = documents.Where(d => d.SubjectId == subjectId);
        }

        documents = documents.OfOrganization(organizationId);

        return (await documents.Page(d => d.CreatedAt, true, after, take).ToListAsync(cancellationToken))
            .Select(DocumentDto.From)
            .ToList();
    }
}
