using MakCrm.Application.Documents;
using MakCrm.Domain.Documents;
using MakCrm.Domain.Tasks;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The document store's metadata; rows outside the scope do not exist for the caller.</summary>
public interface IDocumentRepository
{
    void Add(Document document);

    Task<Document?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    Task<DocumentDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken);

    Task<IReadOnlyList<DocumentDto>> ListAsync(
        DataScope scope,
        DocumentKind? kind,
        Guid? organizationId,
        DocumentSearch search,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );
}

/// <summary>A document list's <c>q</c> (over the file name), its creation window and the record the documents are
/// filed on.</summary>
public sealed record DocumentSearch(
    string? Text,
    CreatedWindow Created,
    TaskSubjectType? SubjectType = null,
    Guid? SubjectId = null
);
