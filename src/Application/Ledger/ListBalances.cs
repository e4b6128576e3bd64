using MakCrm.Domain.Access;

namespace MakCrm.Application.Ledger;

/// <summary>Franchisees' balances by name: head office sees all of them, a franchisee only its own.</summary>
public sealed record ListBalancesQuery(
    string? Grade = null,
    string? Sort = null,
    string? Cursor = null,
    int? Limit = null
) : IQuery<Page<FranchiseeBalanceDto>>;

internal sealed class ListBalancesValidator : AbstractValidator<ListBalancesQuery>
{
    public ListBalancesValidator()
    {
        RuleFor(q => q.Grade)
            .MaximumLength(Domain.Organizations.Organization.MaxGradeLength)
            .WithMessage($"Must be at most {Domain.Organizations.Organization.MaxGradeLength} characters.");
        RuleFor(q => q.Sort).ValidSort(LedgerSorts.Balances);
        RuleFor(q => q.Limit).ValidLimit();
    }
}

internal sealed class ListBalancesHandler(ILedgerReader ledger, ICurrentActor actor)
    : IQueryHandler<ListBalancesQuery, Page<FranchiseeBalanceDto>>
{
    public async Task<Result<Page<FranchiseeBalanceDto>>> Handle(
        ListBalancesQuery query,
        CancellationToken cancellationToken
    )
    {
        var paging = ListPaging.Prepare(LedgerSorts.Balances, query.Sort, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var grade = TextNormalizer.TrimOrNull(query.Grade)?.ToLowerInvariant();
        var rows = await ledger.ListBalancesAsync(
            new BalanceListCriteria(DataScope.For(actor, Permissions.LedgerReadAll), grade, sort, after, limit + 1),
            cancellationToken
        );
        return ListPaging.ToPage(LedgerSorts.Balances, sort, rows, limit, b => b.OrganizationId);
    }
}

public sealed record GetBalanceQuery(Guid OrganizationId) : IQuery<FranchiseeBalanceDto>;

internal sealed class GetBalanceHandler(ILedgerReader ledger, ICurrentActor actor)
    : IQueryHandler<GetBalanceQuery, FranchiseeBalanceDto>
{
    public async Task<Result<FranchiseeBalanceDto>> Handle(
        GetBalanceQuery query,
        CancellationToken cancellationToken
    ) =>
        await ledger.GetBalanceAsync(
            query.OrganizationId,
            DataScope.For(actor, Permissions.LedgerReadAll),
            cancellationToken
        )
            is { } balance
            ? balance
            : Error.NotFound("Franchisee", query.OrganizationId);
}
