using MakCrm.Application.LeadTimeline;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>A lead's timeline: its history, comments, tasks and notifications in one list.</summary>
internal sealed class LeadTimelineEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var lead = app.MapGroup("/api/v1/leads/{id:guid}");
        lead.MapGet("/timeline", Timeline).WithName("getLeadTimeline");
    }

    private static async Task<Results<JsonOk<TimelinePage>, ProblemHttpResult>> Timeline(
        Guid id,
        IQueryHandler<GetLeadTimelineQuery, Page<TimelineItemDto>> handler,
        [AsParameters] GetLeadTimelineParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new GetLeadTimelineQuery(id, query.Cursor, query.Limit), cancellationToken),
            TimelinePage.From
        );
}
