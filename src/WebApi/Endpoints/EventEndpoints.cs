using MakCrm.Application.Events;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

internal sealed class EventEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/events");
        group.MapGet("/", List).WithName("listEvents");
    }

    private static async Task<Results<JsonOk<Contracts.EventPage>, ProblemHttpResult>> List(
        IQueryHandler<ListEventsQuery, EventPage> handler,
        [AsParameters] ListEventsParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new ListEventsQuery(query.After, query.Types?.Select(t => t.Name).ToList(), query.Limit),
                cancellationToken
            ),
            Contracts.EventPage.From
        );
}
