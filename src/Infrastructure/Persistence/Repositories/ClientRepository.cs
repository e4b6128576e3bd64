using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Domain.Clients;
using MakCrm.Infrastructure.CustomFields;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class ClientRepository(MakCrmDbContext db) : IClientRepository
{
    private static readonly Expression<Func<Client, ClientDto>> ToDto = c => new ClientDto(
        c.Id,
        c.OrganizationId,
        c.FullName,
        c.Phone,
        c.Email,
        c.City,
        c.Source,
        c.ProcessingMethod,
        c.Tags,
        c.ConsentGivenAt == null
            ? null
            : new ClientConsent(c.ConsentGivenAt.Value, c.ConsentTextVersion!, c.ConsentWithdrawnAt),
        c.CreatedAt,
        c.UpdatedAt,
        c.Version,
        c.ExternalRef,
        c.Attribution,
        c.Metadata
    )
    {
        CustomFields = CustomFieldValues.Stored(c.CustomFields),
    };

    public Task<Client?> FindAsync(Guid id, DataScope scope, RowLock rowLock, CancellationToken cancellationToken)
    {
        var rows = rowLock switch
        {
            RowLock.None => db.Set<Client>(),
            RowLock.Share => db.Set<Client>().FromSql($"SELECT * FROM clients WHERE id = {id} FOR SHARE"),
            RowLock.Update => db.Set<Client>().FromSql($"SELECT * FROM clients WHERE id = {id} FOR UPDATE"),
            _ => throw new ArgumentOutOfRangeException(nameof(rowLock)),
        };
        return rows.InScope(scope, db).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<Client>> FindManyAsync(
        IReadOnlyCollection<Guid> ids,
        DataScope scope,
        RowLock rowLock,
        CancellationToken cancellationToken
    )
    {
        var list = ids.Distinct().ToArray();
        var rows = rowLock switch
        {
            RowLock.None => db.Set<Client>().Where(c => list.Contains(c.Id)),
            RowLock.Share => db.Set<Client>()
                .FromSql($"SELECT * FROM clients WHERE id = ANY({list}) ORDER BY id FOR SHARE"),
            RowLock.Update => db.Set<Client>()
                .FromSql($"SELECT * FROM clients WHERE id = ANY({list}) ORDER BY id FOR UPDATE"),
            _ => throw new ArgumentOutOfRangeException(nameof(rowLock)),
        };
        return await rows.InScope(scope, db).AsNoTracking().ToListAsync(cancellationToken);
    }

    public void Add(Client client) => db.Set<Client>().Add(client);

    public async Task<Client?> FindByPhoneAsync(Guid organizationId, string phone, CancellationToken cancellationToken)
    {
        var saved = await db.Set<Client>()
            .FromSql($"SELECT * FROM clients WHERE organization_id = {organizationId} AND phone = {phone} FOR SHARE")
            .OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return saved ?? PendingByPhone(db, organizationId, phone);
    }

    /// <summary>
    /// <see cref="FindByPhoneAsync"/>'s lookup of the saved client's id, for a batch: the share lock in a subquery
    /// without the deleted_at condition, so that the plan starts from the phone index whatever the statistics say.
    /// </summary>
    public static NpgsqlBatchCommand ByPhone(Guid organizationId, string phone) =>
        new(
            "SELECT c.id, c.full_name FROM (SELECT id, full_name, created_at, deleted_at FROM clients WHERE "
                + "organization_id = $1 AND phone = $2 FOR SHARE) c "
                + "WHERE c.deleted_at IS NULL ORDER BY c.created_at, c.id LIMIT 1"
        )
        {
            Parameters = { SqlParameters.Uuid(organizationId), SqlParameters.Text(phone) },
        };

    /// <summary>A client with the phone added earlier in this unit of work (a batch import) and not saved
    /// yet.</summary>
    private static Client? PendingByPhone(MakCrmDbContext db, Guid organizationId, string phone) =>
        db
            .ChangeTracker.Entries<Client>()
            .Where(e =>
                e.State == EntityState.Added && e.Entity.OrganizationId == organizationId && e.Entity.Phone == phone
            )
            .Select(e => e.Entity)
            .OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.Id)
            .FirstOrDefault();

    public Task<ClientDto?> GetAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Client>()
            .AsNoTracking()
            .InScope(scope, db)
            .Where(c => c.Id == id)
            .Select(ToDto)
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Contracts.ClientSummary?> SummaryAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        ClientSummaries.Of(db, id, scope).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ClientDto>> ListAsync(
        ClientListCriteria criteria,
        CancellationToken cancellationToken
    ) => await ListQuery(criteria).ToListCompiledAsync(db, cancellationToken);

    /// <summary>The page <see cref="ListAsync"/> reads, as a query.</summary>
    internal IQueryable<ClientDto> ListQuery(ClientListCriteria criteria)
    {
        var query = Matching(criteria);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort switch
        {
            { CustomFieldKey: { } key } => query.PageByCustomField(key, sort.Descending, after, take),
            { Field: ClientSortField.CreatedAt } => query.Page(c => c.CreatedAt, sort.Descending, after, take),
            { Field: ClientSortField.UpdatedAt } => query.Page(c => c.UpdatedAt, sort.Descending, after, take),
            { Field: ClientSortField.FullName } => query.Page(c => c.FullName, sort.Descending, after, take),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return query.Select(ToDto);
    }

    public Task<Contracts.ListTotal> TotalAsync(ClientListCriteria criteria, CancellationToken cancellationToken) =>
        Matching(criteria).CountAsync(db.Database, cancellationToken);

    private IQueryable<Client> Matching(ClientListCriteria criteria) =>
        Filter(db.Set<Client>().AsNoTracking().InScope(criteria.Scope, db), criteria.Filter)
            .UpdatedWithin(criteria.Updated);

    public Task<int> CountAsync(DataScope scope, ClientFilter filter, CancellationToken cancellationToken) =>
        Filter(db.Set<Client>().AsNoTracking().InScope(scope, db), filter).CountAsync(cancellationToken);

    public IAsyncEnumerable<ClientDto> StreamAsync(
        DataScope scope,
        ClientFilter filter,
        CancellationToken cancellationToken
    ) =>
        Filter(db.Set<Client>().AsNoTracking().InScope(scope, db), filter)
            .OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.Id)
            .Select(ToDto)
            .AsAsyncEnumerable();

    public async Task<ClientSegmentsDto> SegmentAsync(
        DataScope scope,
        ClientFilter filter,
        CancellationToken cancellationToken
    )
    {
        var groups = await Filter(db.Set<Client>().AsNoTracking().InScope(scope, db), filter)
            .GroupBy(c => new { c.Source, c.ProcessingMethod })
            .Select(g => new
            {
                g.Key.Source,
                g.Key.ProcessingMethod,
                Count = g.Count(),
            })
            .ToListAsync(cancellationToken);
        var bySource = groups
            .GroupBy(g => g.Source, StringComparer.Ordinal)
            .Select(g => new SourceSegment(g.Key, g.Sum(x => x.Count)))
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Source, StringComparer.Ordinal)
            .ToList();
        var byMethod = groups
            .GroupBy(g => g.ProcessingMethod)
            .Select(g => new ProcessingMethodSegment(g.Key, g.Sum(x => x.Count)))
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.ProcessingMethod)
            .ToList();
        return new ClientSegmentsDto(groups.Sum(g => g.Count), bySource, byMethod);
    }

    /// <summary>Clients whose name or e-mail contains the text, or whose phone contains it in any spelling.</summary>
    internal static IQueryable<Client> Matching(IQueryable<Client> clients, TextSearch search) =>
        clients.Where(c =>
            EF.Functions.ILike(c.FullName, search.Pattern, TextSearch.Escape)
            || (c.Email != null && EF.Functions.ILike(c.Email, search.Pattern, TextSearch.Escape))
            || (search.PhoneDigits != null && c.Phone.Contains(search.PhoneDigits))
            || (search.PhoneDigitsAlternative != null && c.Phone.Contains(search.PhoneDigitsAlternative))
        );

    private static IQueryable<Client> Filter(IQueryable<Client> query, ClientFilter filter)
    {
        if (filter.ExternalRef is { } externalRef)
        {
            query = query.Where(c => c.ExternalRef == externalRef);
        }

        query = query.WhereCustomFields(filter.CustomFields);

        if (filter.Search is not null)
        {
            query = Matching(query, TextSearch.From(filter.Search));
        }

        if (filter.Sources.Count > 0)
        {
            var sources = filter.Sources.ToArray();
            query = query.Where(c => sources.Contains(c.Source));
        }

        if (filter.ProcessingMethods.Count > 0)
        {
            var methods = filter.ProcessingMethods.Cast<ProcessingMethod?>().ToArray();
            query = query.Where(c => methods.Contains(c.ProcessingMethod));
        }

        if (filter.Tags.Count > 0)
        {
            var tags = filter.Tags.ToArray();
            query = query.Where(c => tags.All(t => c.Tags.Contains(t)));
        }

        if (filter.HasConsent is { } hasConsent)
        {
            query = hasConsent
                ? query.Where(c => c.ConsentGivenAt != null && c.ConsentWithdrawnAt == null)
                : query.Where(c => c.ConsentGivenAt == null || c.ConsentWithdrawnAt != null);
        }

        if (filter.City is not null)
        {
            var city = TextSearch.EscapeLike(filter.City);
            query = query.Where(c => c.City != null && EF.Functions.ILike(c.City, city, TextSearch.Escape));
        }

        return query.CreatedWithin(filter.Created);
    }
}
