using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.CustomFields;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.Infrastructure.Persistence.RawSql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class CustomFieldDefinitionRepository(
    MakCrmDbContext db,
    CustomFieldDefinitionCache cache,
    OrganizationKinds kinds,
    ListenedCacheWrites writes
) : ICustomFieldDefinitionRepository
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

    public Task<CustomFieldDefinition?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        writes.Changing(cache);
        return db.Set<CustomFieldDefinition>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    public Task<bool> KeyTakenAsync(CustomFieldEntity entity, string key, CancellationToken cancellationToken) =>
        db.Set<CustomFieldDefinition>().AnyAsync(e => e.Entity == entity && e.Key == key, cancellationToken);

    public void Add(CustomFieldDefinition created)
    {
        writes.Changing(cache);
        db.Set<CustomFieldDefinition>().Add(created);
    }

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
        var all = await EveryAsync(cancellationToken);
        var kind = reader.All ? "" : await kinds.OfAsync(db, reader.OrganizationId, cancellationToken);
        return [.. all.Where(e => entities.Contains(e.Entity) && (reader.All || e.IsShownTo(reader.Roles, kind)))];
    }

    /// <summary>Every definition not deleted, from the cache the instance keeps while it hears every change to
    /// them, or read (and remembered) when it has none.</summary>
    private Task<IReadOnlyList<CustomFieldDefinition>> EveryAsync(CancellationToken cancellationToken) =>
        cache.ReadThroughAsync(
            writes,
            async cancel =>
                await db.Set<CustomFieldDefinition>()
                    .AsNoTracking()
                    .OrderBy(e => e.Position)
                    .ThenBy(e => e.Key)
                    .ToListAsync(cancel),
            cancellationToken
        );

    /// <summary>Every row for a reader of all; otherwise the rows of the definitions the reader sees
    /// (<see cref="VisibleAsync"/>).</summary>
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

        var entities = Enum.GetValues<CustomFieldEntity>();
        var ids = (await VisibleAsync(entities, reader, cancellationToken)).Select(e => e.Id).ToArray();
        return rows.Where(e => ids.Contains(e.Id));
    }
}
