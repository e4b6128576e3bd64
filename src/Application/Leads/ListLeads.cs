using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Domain.Access;
using MakCrm.Application.Common;
using MakCrm.Domain.Common;
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
    bool? IsDuplicate = null) : IQuery<Page<LeadDto>>;

internal sealed class ListLeadsValidator : AbstractValidator<ListLeadsQuery>
{
    public ListLeadsValidator()
    {
        RuleFor(q => q.Q).ValidSearch();
        RuleFor(q => q.Product).DefinedOrNull();
        RuleFor(q => q.AmountMin).GreaterThanOrEqualTo(0).WithMessage("Must not be negative.");
        RuleFor(q => q.AmountMax).GreaterThanOrEqualTo(q => q.AmountMin ?? 0).WithMessage("Must not be less than amountMin or negative.");
        RuleFor(q => q.Sort).ValidSort(LeadSorts.Catalog);
        RuleFor(q => q.Limit).ValidLimit();
        RuleFor(q => q.CreatedTo).GreaterThan(q => q.CreatedFrom).When(q => q.CreatedFrom is not null && q.CreatedTo is not null)
            .WithMessage("Must be later than createdFrom.");
    }
}

internal sealed class ListLeadsHandler(ILeadRepository leads, ILeadStatusRepository statuses, ICurrentActor actor) : IQueryHandler<ListLeadsQuery, Page<LeadDto>>
{
    public async Task<Result<Page<LeadDto>>> Handle(ListLeadsQuery query, CancellationToken cancellationToken)
    {
        var paging = ListPaging.Prepare(LeadSorts.Catalog, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        if (query.Status is { Count: > 0 } wanted)
        {
            var known = await statuses.CodesAsync(cancellationToken);
            if (wanted.FirstOrDefault(s => !known.Contains(s, StringComparer.Ordinal)) is { } unknown)
            {
                return LeadStatusField.Unknown(unknown, known);
            }
        }

        var (sort, after, limit) = paging.Value;
        var filter = new LeadFilter(
            TextNormalizer.TrimOrNull(query.Q),
            query.ClientId,
            query.Status ?? [],
            query.Product,
            query.ResponsibleUserId,
            query.DuplicateOf,
            query.IsDuplicate,
            query.AmountMin,
            query.AmountMax,
            query.CreatedFrom?.ToUniversalTime(),
            query.CreatedTo?.ToUniversalTime());
        var scope = DataScope.For(actor, Permissions.LeadsReadAll);
        var rows = await leads.ListAsync(new LeadListCriteria(scope, filter, sort, after, limit + 1), cancellationToken);
        return ListPaging.ToPage(LeadSorts.Catalog, sort, rows, limit, l => l.Id);
    }
}
