using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;

namespace MakCrm.Application.LeadTimeline;

/// <summary>Everything that happened to a lead, newest first: history entries and comments (and later tasks, notifications).</summary>
public sealed record GetLeadTimelineQuery(Guid LeadId, string? Cursor = null, int? Limit = null) : IQuery<Page<TimelineItemDto>>;

internal sealed class GetLeadTimelineValidator : AbstractValidator<GetLeadTimelineQuery>
{
    public GetLeadTimelineValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class GetLeadTimelineHandler(ILeadRepository leads, ILeadTimeline timeline, ICurrentActor actor)
    : IQueryHandler<GetLeadTimelineQuery, Page<TimelineItemDto>>
{
    public async Task<Result<Page<TimelineItemDto>>> Handle(GetLeadTimelineQuery query, CancellationToken cancellationToken)
    {
        var catalog = TimelineSorts.Timeline;
        var paging = ListPaging.Prepare(catalog, null, query.Cursor, query.Limit);
        if (!paging.IsSuccess)
        {
            return paging.Error!;
        }

        if (!await leads.ExistsAsync(query.LeadId, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken))
        {
            return Error.NotFound("Lead", query.LeadId);
        }

        var (sort, after, limit) = paging.Value;
        var rows = await timeline.ListAsync(query.LeadId, after, limit + 1, cancellationToken);
        return ListPaging.ToPage(catalog, sort, rows, limit, i => i.Id);
    }
}
