using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.CustomFields;
using MakCrm.Application.Leads;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.Infrastructure.Identity;

namespace MakCrm.Infrastructure.Persistence.Repositories;

internal sealed class LeadRepository(MakCrmDbContext db) : ILeadRepository
{
    private static readonly Expression<Func<Lead, LeadDto>> ToDto = l => new LeadDto(
        l.Id,
        l.ClientId,
        l.OrganizationId,
        l.RequestedAmount,
        l.Product,
        l.Comment,
        l.Status,
        l.ResponsibleUserId,
        l.DuplicateOfLeadId,
        l.CreatedAt,
        l.UpdatedAt,
        l.Version,
        l.ExternalRef,
        l.Attribution,
        l.Metadata,
        l.ConsentGivenAt == null ? null : new LeadConsent(l.ConsentGivenAt.Value, l.ConsentTextVersion!)
    )
    {
        CustomFields = CustomFieldValues.Stored(l.CustomFields),
    };

    public Task<Lead?> FindAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Lead>().InScope(scope).FirstOrDefaultAsync(l => l.Id == id, cancellationToken);

    public Task<int> CountForClientAsync(Guid clientId, CancellationToken cancellationToken) =>
        db.Set<Lead>().CountAsync(l => l.ClientId == clientId, cancellationToken);

    public Task<int> CountInStatusAsync(string status, CancellationToken cancellationToken) =>
        db.Set<Lead>().CountAsync(l => l.Status == status, cancellationToken);

    public Task<bool> ExistsAsync(Guid id, DataScope scope, CancellationToken cancellationToken) =>
        db.Set<Lead>().InScope(scope).AnyAsync(l => l.Id == id, cancellationToken);

    public Task<LeadDto?> GetAsync(Guid id, DataScope scope, DataScope? clients, CancellationToken cancellationToken) =>
        WithClient(db.Set<Lead>().AsNoTracking().InScope(scope).Where(l => l.Id == id), clients)
            .FirstOrDefaultAsync(cancellationToken);

    public void Add(Lead lead) => db.Set<Lead>().Add(lead);

    public async Task<IReadOnlyList<LeadDto>> ListAsync(
        LeadListCriteria criteria,
        CancellationToken cancellationToken
    ) => await ListQuery(criteria).ToListCompiledAsync(db, cancellationToken);

    /// <summary>The page <see cref="ListAsync"/> reads, as a query.</summary>
    internal IQueryable<LeadDto> ListQuery(LeadListCriteria criteria)
    {
        var query = Matching(criteria);
        var (sort, after, take) = (criteria.Sort, criteria.After, criteria.Take);
        query = sort switch
        {
            { CustomFieldKey: { } key } => query.PageByCustomField(key, sort.Descending, after, take),
            { Field: LeadSortField.CreatedAt } => query.Page(l => l.CreatedAt, sort.Descending, after, take),
            { Field: LeadSortField.UpdatedAt } => query.Page(l => l.UpdatedAt, sort.Descending, after, take),
            { Field: LeadSortField.RequestedAmount } => query.Page(
                l => l.RequestedAmount ?? 0m,
                sort.Descending,
                after,
                take
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
        };
        return WithClient(query, criteria.Clients);
    }

    public Task<Contracts.ListTotal> TotalAsync(LeadListCriteria criteria, CancellationToken cancellationToken) =>
        Matching(criteria).CountAsync(db.Database, cancellationToken);

    private IQueryable<Lead> Matching(LeadListCriteria criteria) =>
        Filter(db.Set<Lead>().AsNoTracking().InScope(criteria.Scope), criteria.Filter).UpdatedWithin(criteria.Updated);

    public Task<int> CountAsync(DataScope scope, LeadFilter filter, CancellationToken cancellationToken) =>
        Filter(db.Set<Lead>().AsNoTracking().InScope(scope), filter).CountAsync(cancellationToken);

    public IAsyncEnumerable<LeadExportRow> StreamExportAsync(
        DataScope scope,
        LeadFilter filter,
        DataScope? clients,
        CancellationToken cancellationToken
    )
    {
        // One statement: each lead with its client (when the caller may read it), its organization and its responsible
        // user joined on their primary keys, read as the file is written.
        // The client of a lead seen is seen (ClientSummaries.Join): only the organization narrows it.
        var visibleClients = clients is null
            ? db.Set<Client>().Where(c => false)
            : db.Set<Client>().InScope(clients with { Responsibles = null });
        var rows =
            from l in Filter(db.Set<Lead>().AsNoTracking().InScope(scope), filter)
            from c in visibleClients.Where(c => c.Id == l.ClientId).DefaultIfEmpty()
            from o in db.Set<Organization>().IgnoreQueryFilters().Where(o => o.Id == l.OrganizationId).DefaultIfEmpty()
            from u in db.Users.Where(u => u.Id == l.ResponsibleUserId).DefaultIfEmpty()
            orderby l.CreatedAt, l.Id
            select new LeadExportRow(
                new LeadDto(
                    l.Id,
                    l.ClientId,
                    l.OrganizationId,
                    l.RequestedAmount,
                    l.Product,
                    l.Comment,
                    l.Status,
                    l.ResponsibleUserId,
                    l.DuplicateOfLeadId,
                    l.CreatedAt,
                    l.UpdatedAt,
                    l.Version,
                    l.ExternalRef,
                    l.Attribution,
                    l.Metadata,
                    null
                )
                {
                    CustomFields = CustomFieldValues.Stored(l.CustomFields),
                },
                c == null ? null : c.FullName,
                c == null ? null : c.Phone,
                c == null ? null : c.Email,
                c == null ? null : c.City,
                c == null ? null : c.Source,
                c == null ? null : c.ProcessingMethod,
                o == null ? null : o.Name,
                u == null ? null : UserDisplayNames.Of(u.FullName, u.Email)
            );
        return rows.AsAsyncEnumerable();
    }

    /// <summary>The leads with their client's summary, read in the same statement, when <paramref name="clients"/>
    /// includes the client's organization.</summary>
    private IQueryable<LeadDto> WithClient(IQueryable<Lead> leads, DataScope? clients) =>
        clients is null
            ? leads.Select(ToDto)
            : ClientSummaries.Join(leads, ToDto, db.Set<Client>(), clients, l => l.ClientId);

    private IQueryable<Lead> Filter(IQueryable<Lead> query, LeadFilter filter)
    {
        if (filter.Search is not null)
        {
            var search = TextSearch.From(filter.Search);
            query = query.WhereOwnTextOrClientMatches(
                db.Set<Lead>(),
                l => l.Comment != null && EF.Functions.ILike(l.Comment, search.Pattern, TextSearch.Escape),
                ClientRepository.Matching(db.Set<Client>(), search)
            );
        }

        if (filter.ExternalRef is { } externalRef)
        {
            query = query.Where(l => l.ExternalRef == externalRef);
        }

        query = query.WhereCustomFields(filter.CustomFields);

        if (filter.ClientId is { } clientId)
        {
            query = query.Where(l => l.ClientId == clientId);
        }

        if (filter.Statuses.Count > 0)
        {
            var statuses = filter.Statuses.Distinct().ToList();
            query = query.Where(l => statuses.Contains(l.Status));
        }

        if (filter.Product is { } product)
        {
            query = query.Where(l => l.Product == product);
        }

        if (filter.ResponsibleUserId is { } responsible)
        {
            query = query.Where(l => l.ResponsibleUserId == responsible);
        }

        if (filter.DuplicateOfLeadId is { } original)
        {
            query = query.Where(l => l.DuplicateOfLeadId == original);
        }

        if (filter.IsDuplicate is { } isDuplicate)
        {
            query = query.Where(l => (l.DuplicateOfLeadId != null) == isDuplicate);
        }

        if (filter.AmountMin is { } min)
        {
            query = query.Where(l => l.RequestedAmount >= min);
        }

        if (filter.AmountMax is { } max)
        {
            query = query.Where(l => l.RequestedAmount <= max);
        }

        query = query.CreatedWithin(filter.Created).OfOrganization(filter.OrganizationId);
        if (filter.ClientSources.Count > 0 || filter.ClientCity is not null)
        {
            // The client's own attributes, whoever may read the client: a lead's client is found by its primary key.
            var clients = db.Set<Client>().AsQueryable();
            if (filter.ClientSources.Count > 0)
            {
                var sources = filter.ClientSources.ToArray();
                clients = clients.Where(c => sources.Contains(c.Source));
            }

            if (filter.ClientCity is not null)
            {
                var city = TextSearch.EscapeLike(filter.ClientCity);
                clients = clients.Where(c => c.City != null && EF.Functions.ILike(c.City, city, TextSearch.Escape));
            }

            query = query.Where(l => clients.Any(c => c.Id == l.ClientId));
        }

        return query;
    }
}
