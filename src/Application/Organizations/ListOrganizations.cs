using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
using MakCrm.Domain.Organizations;

namespace MakCrm.Application.Organizations;

public sealed record ListOrganizationsQuery(
    OrganizationStatus? Status = null,
    OrganizationKind? Kind = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null) : IQuery<Page<OrganizationDto>>;

internal sealed class ListOrganizationsValidator : AbstractValidator<ListOrganizationsQuery>
{
    public ListOrganizationsValidator()
    {
        RuleFor(q => q.Status).DefinedOrNull();
        RuleFor(q => q.Kind).DefinedOrNull();
        RuleFor(q => q.Sort).ValidSort(OrganizationSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListOrganizationsHandler(IOrganizationRepository organizations) : IQueryHandler<ListOrganizationsQuery, Page<OrganizationDto>>
{
    public async Task<Result<Page<OrganizationDto>>> Handle(ListOrganizationsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(OrganizationSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await organizations.ListAsync(new OrganizationListCriteria(query.Status, query.Kind, sort, after, limit + 1), cancellationToken);
        return ListPaging.ToPage(OrganizationSorts.Catalog, sort, rows, limit, o => o.Id);
    }
}
