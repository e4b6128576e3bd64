using MakCrm.Application.Audit;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

internal sealed class AuditEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit-events");
        group.MapGet("/", List).WithName("listAuditEvents").SortedBy(AuditSorts.Catalog);
    }

    private static async Task<Results<JsonOk<AuditEventPage>, ProblemHttpResult>> List(
        IQueryHandler<ListAuditEventsQuery, Page<AuditEventDto>> handler,
        [AsParameters] ListAuditEventsParameters query,
        CancellationToken cancellationToken
    )
    {
        var request = new ListAuditEventsQuery(
            query.Kind,
            query.Action,
            query.ActorUserId,
            query.EntityType,
            query.EntityId,
            query.From,
            query.To,
            query.Sort,
            query.Cursor,
            query.Limit
        );
        return Respond.Value(await handler.Handle(request, cancellationToken), AuditEventPage.From);
    }
}
