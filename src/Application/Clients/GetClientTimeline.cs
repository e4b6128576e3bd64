using MakCrm.Application.LeadTimeline;
using MakCrm.Application.PersonalData;
using MakCrm.Domain.Access;

namespace MakCrm.Application.Clients;

/// <summary>
/// A client's whole history for its panel, newest first: the timelines of its leads, its deals entering their
/// stages, and the tasks and documents filed on it, its leads or deals, each within the caller's scopes. Reading it is
/// a read of the client's card in the personal-data read log.
/// </summary>
public sealed record GetClientTimelineQuery(Guid ClientId, string? Cursor = null, int? Limit = null)
    : IQuery<Page<TimelineItemDto>>;

internal sealed class GetClientTimelineValidator : AbstractValidator<GetClientTimelineQuery>
{
    public GetClientTimelineValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class GetClientTimelineHandler(
    IClientRepository clients,
    ILeadTimeline timeline,
    ICurrentActor actor,
    IPersonalDataReads reads
) : IQueryHandler<GetClientTimelineQuery, Page<TimelineItemDto>>
{
    public async Task<Result<Page<TimelineItemDto>>> Handle(
        GetClientTimelineQuery query,
        CancellationToken cancellationToken
    )
    {
        var page = await LeadFeed.PageAsync(
            async () =>
                await clients.GetAsync(
                    query.ClientId,
                    DataScope.For(actor, Permissions.ClientsReadAll),
                    cancellationToken
                )
                    is not null,
            Error.NotFound("Client", query.ClientId),
            TimelineSorts.Timeline,
            query.Cursor,
            query.Limit,
            (after, take) =>
                timeline.ListAsync(TimelineSubject.OfClient(query.ClientId, actor), after, take, cancellationToken),
            item => item.Id
        );
        await TimelineReads.RecordAsync(reads, page, PersonalDataSubjects.Client, query.ClientId, cancellationToken);
        return page;
    }
}
