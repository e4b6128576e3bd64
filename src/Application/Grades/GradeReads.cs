using MakCrm.Application.Organizations;

namespace MakCrm.Application.Grades;

/// <summary>An organization's grade history, newest first: a member reads its own, head office any.</summary>
public sealed record ListGradeHistoryQuery(Guid OrganizationId, string? Cursor = null, int? Limit = null)
    : IQuery<Page<GradeRecordDto>>;

internal sealed class ListGradeHistoryValidator : AbstractValidator<ListGradeHistoryQuery>
{
    public ListGradeHistoryValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListGradeHistoryHandler(
    IOrganizationRepository organizations,
    IGrades grades,
    ICurrentActor actor
) : IQueryHandler<ListGradeHistoryQuery, Page<GradeRecordDto>>
{
    public async Task<Result<Page<GradeRecordDto>>> Handle(
        ListGradeHistoryQuery query,
        CancellationToken cancellationToken
    )
    {
        if (
            !actor.CanSee(query.OrganizationId)
            || await organizations.FindAsync(query.OrganizationId, cancellationToken) is null
        )
        {
            return Error.NotFound("Organization", query.OrganizationId);
        }

        var paging = ListPaging.Prepare(GradeRecordSorts.Catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        var (sort, after, limit) = paging.Value;
        var rows = await grades.HistoryAsync(
            query.OrganizationId,
            after,
            sort.Descending,
            limit + 1,
            cancellationToken
        );
        return ListPaging.ToPage(GradeRecordSorts.Catalog, sort, rows, limit, r => r.Id);
    }
}

/// <summary>How far an organization is from its next grade: a member reads its own, head office any.</summary>
public sealed record GetGradeProgressQuery(Guid OrganizationId) : IQuery<GradeProgressDto>;

internal sealed class GetGradeProgressHandler(
    IOrganizationRepository organizations,
    IGrades grades,
    IGradeInForce inForce,
    ICurrentActor actor,
    TimeProvider clock
) : IQueryHandler<GetGradeProgressQuery, GradeProgressDto>
{
    public async Task<Result<GradeProgressDto>> Handle(GetGradeProgressQuery query, CancellationToken cancellationToken)
    {
        var organization = actor.CanSee(query.OrganizationId)
            ? await organizations.FindAsync(query.OrganizationId, cancellationToken)
            : null;
        if (organization is null)
        {
            return Error.NotFound("Organization", query.OrganizationId);
        }

        var today = GradeCalendar.Today(clock);
        var current = await inForce.GradeOnAsync(organization.Id, today, cancellationToken);
        var table = await grades.ListAsync(organization.Kind, cancellationToken);
        var rank = table.FirstOrDefault(g => g.Code == current)?.Rank;
        var next = table.Where(g => rank is null || g.Rank > rank).OrderBy(g => g.Rank).FirstOrDefault();
        if (next is null)
        {
            return new GradeProgressDto(organization.Id, current, null, null, null, 0m, 0, null);
        }

        // The next recompute runs on the first of next month over the period that ends there.
        var periodEnd = GradeCalendar.MonthOf(today).AddMonths(1);
        var periodStart = periodEnd.AddMonths(-next.PeriodMonths);
        var issued = await grades.IssuedAsync(organization.Id, periodStart, periodEnd, cancellationToken);
        var reached = next.Basis == Domain.Grades.GradeBasis.IssuedVolume ? issued.Volume : issued.Count;
        return new GradeProgressDto(
            organization.Id,
            current,
            GradeDto.From(next),
            periodStart,
            periodEnd,
            issued.Volume,
            issued.Count,
            Math.Max(0m, next.Threshold - reached)
        );
    }
}
