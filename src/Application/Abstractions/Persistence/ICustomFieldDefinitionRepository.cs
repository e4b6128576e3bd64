using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>The port the handlers use; implemented in Infrastructure, registered by scanning.</summary>
public interface ICustomFieldDefinitionRepository
{
    Task<IReadOnlyList<Contracts.CustomFieldDefinition>> ListAsync(
        CustomFieldDefinitionListCriteria criteria,
        CancellationToken cancellationToken
    );

    Task<Contracts.CustomFieldDefinition?> GetAsync(
        Guid id,
        CustomFieldDefinitionReader reader,
        CancellationToken cancellationToken
    );

    /// <summary>The custom field definition to change, tracked; <c>null</c> when there is none with this id.</summary>
    Task<CustomFieldDefinition?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<bool> KeyTakenAsync(CustomFieldEntity entity, string key, CancellationToken cancellationToken);

    void Add(CustomFieldDefinition created);

    /// <summary>The entity's sortable fields not deleted, counted under a lock on the entity's sortable fields that
    /// the transaction holds, so that two writers cannot both pass the limit.</summary>
    Task<int> CountSortableAsync(CustomFieldEntity entity, CancellationToken cancellationToken);

    /// <summary>The definitions of the entities the reader sees, archived ones included, deleted ones not.</summary>
    Task<IReadOnlyList<CustomFieldDefinition>> VisibleAsync(
        IReadOnlyCollection<CustomFieldEntity> entities,
        CustomFieldDefinitionReader reader,
        CancellationToken cancellationToken
    );
}
