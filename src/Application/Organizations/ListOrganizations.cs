using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

public sealed record ListOrganizationsQuery(
    OrganizationStatus? Status = null,
    OrganizationKind? Kind = null,
    string? Search = null,
    string? Inn = null,
    string? City = null,
    bool InTrash = false,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null,
    bool? WithTotal = null
) : IQuery<Page<OrganizationDto>>;

internal sealed class ListOrganizationsValidator : AbstractValidator<ListOrganizationsQuery>
{
    public ListOrganizationsValidator()
    {
        RuleFor(q => q.Status).DefinedOrNull();
        RuleFor(q => q.Kind).DefinedOrNull();
        RuleFor(q => q.Search).ValidSearch().OverridePropertyName("q");
        RuleFor(q => q.Inn)
            .Must(i => i is null || (i.Length is 10 or 12 && i.All(char.IsAsciiDigit)))
            .WithMessage("Must be an ИНН: 10 or 12 digits.")
            .OverridePropertyName("inn");
        RuleFor(q => q.City).ValidSearch().OverridePropertyName("city");
        RuleFor(q => q.Sort).ValidSort(OrganizationSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListOrganizationsHandler(IOrganizationRepository organizations)
    : IQueryHandler<ListOrganizationsQuery, Page<OrganizationDto>>
{
    public async Task<Result<Page<OrganizationDto>>> Handle(
        ListOrganizationsQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(OrganizationSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var criteria = new OrganizationListCriteria(
            query.Status,
            query.Kind,
            TextNormalizer.CollapseOrNull(query.Search),
            query.Inn,
            TextNormalizer.CollapseOrNull(query.City),
            query.InTrash,
            sort,
            after,
            limit + 1
        );
        var rows = await organizations.ListAsync(criteria, cancellationToken);
        return await ListPaging
            .ToPage(OrganizationSorts.Catalog, sort, rows, limit, o => o.Id)
            .WithTotalAsync(query.WithTotal, c => organizations.TotalAsync(criteria, c), cancellationToken);
    }
}
