using MakCrm.Application.CustomFields;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;
using MakCrm.Domain.Clients;
using MakCrm.Domain.CustomFields;

namespace MakCrm.Application.Clients;

public sealed record ListClientsQuery(
    string? Q = null,
    IReadOnlyList<string>? Source = null,
    IReadOnlyList<ProcessingMethod>? ProcessingMethod = null,
    IReadOnlyList<string>? Tag = null,
    bool? HasConsent = null,
    string? City = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null,
    string? ExternalRef = null,
    DateTimeOffset? UpdatedFrom = null,
    DateTimeOffset? UpdatedTo = null,
    IReadOnlyList<string>? Cf = null,
    bool? WithTotal = null,
    string? CfSort = null
) : IQuery<Page<ClientDto>>, IClientFilterQuery, IUpdatedWindowQuery;

internal sealed class ListClientsValidator : AbstractValidator<ListClientsQuery>
{
    public ListClientsValidator()
    {
        Include(new ClientFilterValidator<ListClientsQuery>());
        Include(new UpdatedWindowValidator<ListClientsQuery>());
        RuleFor(q => q.Sort).ValidSort(ClientSorts.Catalog);
        RuleFor(q => q.CfSort).AloneOrWithout(q => q.Sort);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.ExternalRef).ValidExternalRef();
    }
}

internal sealed class ListClientsHandler(
    IClientRepository clients,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    IPersonalDataReads reads
) : IQueryHandler<ListClientsQuery, Page<ClientDto>>
{
    public async Task<Result<Page<ClientDto>>> Handle(ListClientsQuery query, CancellationToken cancellationToken)
    {
        var listing = await customFields.ListingAsync(
            CustomFieldEntity.Client,
            query.Cf,
            query.CfSort,
            cancellationToken
        );
        if (!listing.IsSuccess)
        {
            return listing.Error!;
        }

        var paging = ListPaging.Prepare(ClientSorts.Catalog, query.Sort, query.Cursor, query.Limit, listing.Value.Sort);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var scope = DataScope.For(actor, Permissions.ClientsReadAll);
        var criteria = new ClientListCriteria(
            scope,
            ClientFilter.From(query) with
            {
                ExternalRef = query.ExternalRef,
                CustomFields = listing.Value.Conditions,
            },
            sort,
            after,
            limit + 1,
            UpdatedWindow.Of(query)
        );
        var rows = await clients.ListAsync(criteria, cancellationToken);
        var page = await ListPaging
            .ToPage(ClientSorts.Catalog, sort, rows, limit, c => c.Id)
            .WithTotalAsync(query.WithTotal, c => clients.TotalAsync(criteria, c), cancellationToken);
        await reads.RecordAsync(
            PersonalDataSubjects.Client,
            PersonalDataAccess.List,
            [.. page.Items.Select(c => c.Id)],
            cancellationToken
        );

        return page;
    }
}
