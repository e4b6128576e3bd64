using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;
using MakCrm.Infrastructure.Knowledge;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class CustomFieldDefinitionRepository(MakCrmDbContext db) : ICustomFieldDefinitionRepository
{
    public async Task<IReadOnlyList<Contracts.CustomFieldDefinition>> ListAsync(
        CustomFieldDefinitionListCriteria criteria,
        CancellationToken cancellationToken
    )
    {
        var query = await Readable(criteria.Reader, cancellationToken);
        if (criteria.Filter.Entity is { } entity)
        {
            query = query.Where(e => e.Entity == entity);
        }

        if (criteria.Filter.Archived is { } archived)
        {
            query = query.Where(e => e.Archived == archived);
        }

        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort.Field switch
        {
            CustomFieldDefinitionSortField.Position => query.Page(e => e.Position, sort.Descending, after, take),
            CustomFieldDefinitionSortField.Label => query.Page(e => e.Label, sort.Descending, after, take),
            CustomFieldDefinitionSortField.CreatedAt => query.Page(e => e.CreatedAt, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return await query.Select(CustomFieldDefinitionAnswers.Projection).ToListAsync(cancellationToken);
    }

    public async Task<Contracts.CustomFieldDefinition?> GetAsync(
        Guid id,
        CustomFieldDefinitionReader reader,
        CancellationToken cancellationToken
    ) =>
        await (await Readable(reader, cancellationToken))
            .Where(e => e.Id == id)
            .Select(CustomFieldDefinitionAnswers.Projection)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<CustomFieldDefinition?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<CustomFieldDefinition>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public Task<bool> KeyTakenAsync(CustomFieldEntity entity, string key, CancellationToken cancellationToken) =>
        db.Set<CustomFieldDefinition>().AnyAsync(e => e.Entity == entity && e.Key == key, cancellationToken);

    public void Add(CustomFieldDefinition created) => db.Set<CustomFieldDefinition>().Add(created);

    public async Task<int> CountSortableAsync(CustomFieldEntity entity, CancellationToken cancellationToken)
    {
        await AdvisoryLocks.LockAsync(db.Database, $"custom_field_sortable:{entity}", cancellationToken);
        return await db.Set<CustomFieldDefinition>()
            .CountAsync(e => e.Entity == entity && e.Sortable, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomFieldDefinition>> VisibleAsync(
        IReadOnlyCollection<CustomFieldEntity> entities,
        CustomFieldDefinitionReader reader,
        CancellationToken cancellationToken
    )
    {
        var wanted = entities.ToArray();
        return await (await Readable(reader, cancellationToken))
            .Where(e => wanted.Contains(e.Entity))
            .OrderBy(e => e.Position)
            .ThenBy(e => e.Key)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every row for a reader of all; otherwise the rows shown to one of the reader's roles and to the
    /// reader's kind of organization (an empty list shows a row to every one).</summary>
    private async Task<IQueryable<CustomFieldDefinition>> Readable(
        CustomFieldDefinitionReader reader,
        CancellationToken cancellationToken
    )
    {
        var rows = db.Set<CustomFieldDefinition>().AsNoTracking();
        if (reader.All)
        {
            return rows;
        }

        var roles = reader.Roles.ToArray();
        var kind = await AudienceKind.OfAsync(db, reader.OrganizationId, cancellationToken);
        return rows.Where(e =>
            (e.VisibleToRoles.Count == 0 || e.VisibleToRoles.Any(r => roles.Contains(r)))
            && (e.VisibleToKinds.Count == 0 || e.VisibleToKinds.Contains(kind))
        );
    }
}
