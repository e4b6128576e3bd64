using MakCrm.Application.PersonalData;

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

internal sealed class GetLeadTimelineHandler(
    ILeadRepository leads,
    ILeadTimeline timeline,
    ICurrentActor actor,
    IPersonalDataReads reads
) : IQueryHandler<GetLeadTimelineQuery, Page<TimelineItemDto>>
{
    public async Task<Result<Page<TimelineItemDto>>> Handle(
        GetLeadTimelineQuery query,
        CancellationToken cancellationToken
    )
    {
        var page = await LeadFeed.PageAsync(
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
        await TimelineReads.RecordAsync(reads, page, PersonalDataSubjects.Lead, query.LeadId, cancellationToken);
        return page;
    }
}

/// <summary>A page of a client's or a lead's timeline (its history, comments, calls, messages, documents) is a read of
/// that subject's card, logged once the page is to be answered.</summary>
internal static class TimelineReads
{
    public static async Task RecordAsync<T>(
        IPersonalDataReads reads,
        Result<T> page,
        string subjectType,
        Guid subjectId,
        CancellationToken cancellationToken
    )
    {
        if (page.IsSuccess)
        {
            await reads.RecordAsync(subjectType, PersonalDataAccess.Card, [subjectId], cancellationToken);
        }
    }
}
