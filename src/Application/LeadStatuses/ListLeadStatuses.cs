namespace MakCrm.Application.LeadStatuses;

public sealed record ListLeadStatusesQuery : IQuery<IReadOnlyList<LeadStatusDto>>;

internal sealed class ListLeadStatusesHandler(ILeadStatusRepository statuses)
    : IQueryHandler<ListLeadStatusesQuery, IReadOnlyList<LeadStatusDto>>
{
    public async Task<Result<IReadOnlyList<LeadStatusDto>>> Handle(
        ListLeadStatusesQuery query,
        CancellationToken cancellationToken
    ) => Result<IReadOnlyList<LeadStatusDto>>.Success(await statuses.ListAsync(cancellationToken));
}
