using MakCrm.Domain.Documents;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The document template versions head office stored.</summary>
public interface IDocumentTemplateVersionRepository
{
    /// <summary>The stored versions of a template (of every template when <paramref name="name"/> is
    /// <c>null</c>), untracked, oldest first.</summary>
    Task<IReadOnlyList<DocumentTemplateVersion>> ListAsync(string? name, CancellationToken cancellationToken);

    /// <summary>The number of the newest stored version of a template; <c>null</c> when none is stored.</summary>
    Task<int?> NewestNumberAsync(string name, CancellationToken cancellationToken);

    /// <summary>A stored version, untracked; <c>null</c> when there is none.</summary>
    Task<DocumentTemplateVersion?> GetAsync(string name, int number, CancellationToken cancellationToken);

    void Add(DocumentTemplateVersion version);
}
