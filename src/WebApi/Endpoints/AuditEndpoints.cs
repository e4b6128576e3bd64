using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Audit;
using MakCrm.Application.Common;
using MakCrm.Contracts;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

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
        CancellationToken cancellationToken,
        string? kind = null,
        string? action = null,
        Guid? actorUserId = null,
        string? entityType = null,
        Guid? entityId = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        string? sort = null,
        string? cursor = null,
        int? limit = null
    )
    {
        var query = new ListAuditEventsQuery(
            kind,
            action,
            actorUserId,
            entityType,
            entityId,
            from,
            to,
            sort,
            cursor,
            limit
        );
        return Respond.Value(await handler.Handle(query, cancellationToken), AuditEventPage.From);
    }
}
