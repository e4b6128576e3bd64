using MakCrm.Application.Clients;
using MakCrm.Application.CustomFields;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;
using MakCrm.Domain.CustomFields;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.Leads;

public sealed record ListLeadsQuery(
    string? Q = null,
    Guid? ClientId = null,
    IReadOnlyList<string>? Status = null,
    LoanProduct? Product = null,
    Guid? ResponsibleUserId = null,
    decimal? AmountMin = null,
    decimal? AmountMax = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null,
    Guid? DuplicateOf = null,
    bool? IsDuplicate = null,
    string? ExternalRef = null,
    DateTimeOffset? UpdatedFrom = null,
    DateTimeOffset? UpdatedTo = null,
    Guid? OrganizationId = null,
    IReadOnlyList<string>? Source = null,
    string? City = null,
    IReadOnlyList<string>? Cf = null,
    bool? WithTotal = null,
    string? CfSort = null
) : IQuery<Page<LeadDto>>, ILeadFilterQuery, IUpdatedWindowQuery;

internal sealed class ListLeadsValidator : AbstractValidator<ListLeadsQuery>
{
    public ListLeadsValidator()
    {
        Include(new LeadFilterValidator<ListLeadsQuery>());
        Include(new UpdatedWindowValidator<ListLeadsQuery>());
        RuleFor(q => q.Sort).ValidSort(LeadSorts.Catalog);
        RuleFor(q => q.CfSort).AloneOrWithout(q => q.Sort);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.ExternalRef).ValidExternalRef();
    }
}

internal sealed class ListLeadsHandler(
    ILeadRepository leads,
    ILeadStatusRepository statuses,
    ICurrentActor actor,
    CustomFieldAccess customFields,
    IPersonalDataReads reads
) : IQueryHandler<ListLeadsQuery, Page<LeadDto>>
{
    public async Task<Result<Page<LeadDto>>> Handle(ListLeadsQuery query, CancellationToken cancellationToken)
    {
        var listing = await customFields.ListingAsync(
            CustomFieldEntity.Lead,
            query.Cf,
            query.CfSort,
            cancellationToken
        );
        if (!listing.IsSuccess)
        {
            return listing.Error!;
        }

        var paging = ListPaging.Prepare(LeadSorts.Catalog, query.Sort, query.Cursor, query.Limit, listing.Value.Sort);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var filter = await LeadFilter.FromAsync(query, statuses, cancellationToken);
        if (!filter.IsSuccess)
        {
            return filter.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var scope = DataScope.For(actor, Permissions.LeadsReadAll);
        var criteria = new LeadListCriteria(
            scope,
            filter.Value with
            {
                ExternalRef = query.ExternalRef,
                CustomFields = listing.Value.Conditions,
            },
            sort,
            after,
            limit + 1,
            UpdatedWindow.Of(query),
            ClientSummaryScope.For(actor)
        );
        var rows = await leads.ListAsync(criteria, cancellationToken);
        var page = await ListPaging
            .ToPage(LeadSorts.Catalog, sort, rows, limit, l => l.Id)
            .WithTotalAsync(query.WithTotal, c => leads.TotalAsync(criteria, c), cancellationToken);
        await reads.RecordAsync(
            PersonalDataSubjects.Lead,
            PersonalDataAccess.List,
            [.. page.Items.Select(l => l.Id)],
            cancellationToken
        );

        return page;
    }
}
