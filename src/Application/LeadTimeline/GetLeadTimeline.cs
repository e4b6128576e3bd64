namespace MakCrm.Application.LeadTimeline;

/// <summary>
/// Everything that happened to a lead, newest first: history, comments, its tasks, the notifications about it, the
/// ledger entries that name it, the deals made from it entering their stages and the documents filed on it or them
/// (head office sees every organization's, others their own organization's).
/// </summary>
public sealed record GetLeadTimelineQuery(Guid LeadId, string? Cursor = null, int? Limit = null)
    : IQuery<Page<TimelineItemDto>>;

internal sealed class GetLeadTimelineValidator : AbstractValidator<GetLeadTimelineQuery>
{
    public GetLeadTimelineValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class GetLeadTimelineHandler(ILeadRepository leads, ILeadTimeline timeline, ICurrentActor actor)
    : IQueryHandler<GetLeadTimelineQuery, Page<TimelineItemDto>>
{
    public Task<Result<Page<TimelineItemDto>>> Handle(
        GetLeadTimelineQuery query,
        CancellationToken cancellationToken
    ) =>
        LeadFeed.PageAsync(
            leads,
            actor,
            query.LeadId,
            TimelineSorts.Timeline,
            query.Cursor,
            query.Limit,
            (after, take) =>
                timeline.ListAsync(TimelineSubject.OfLead(query.LeadId, actor), after, take, cancellationToken),
            item => item.Id,
            cancellationToken
        );
}
