using MakCrm.Application.LeadReturns;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using LeadReturnStatus = MakCrm.Domain.LeadReturns.LeadReturnStatus;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Returns of bought leads: requested by the buyer, accepted or rejected by the administrator.</summary>
internal sealed class LeadReturnEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/leads/{id:guid}/returns").MapPost("/", RequestReturn).WithName("requestLeadReturn");

        var returns = app.MapGroup("/api/v1/lead-returns");
        returns.MapGet("/", ListReturns).WithName("listLeadReturns").SortedBy(LeadReturnSorts.Catalog);
        returns.MapGet("/{id:guid}", GetReturn).WithName("getLeadReturn");
        returns.MapPost("/{id:guid}/accept", AcceptReturn).WithName("acceptLeadReturn");
        returns.MapPost("/{id:guid}/reject", RejectReturn).WithName("rejectLeadReturn");
    }

    private static async Task<Results<JsonCreated<LeadReturn>, ProblemHttpResult>> RequestReturn(
        Guid id,
        HttpContext http,
        ICommandHandler<RequestLeadReturnCommand, LeadReturnDto> handler,
        Body<CreateLeadReturnRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = new RequestLeadReturnCommand(id, body.Value.Reason, body.Value.Comment);
        return Respond.Created(
            http.Response,
            "/api/v1/lead-returns",
            await handler.Handle(command, cancellationToken),
            LeadReturn.From
        );
    }

    private static async Task<Results<JsonOk<LeadReturnPage>, ProblemHttpResult>> ListReturns(
        IQueryHandler<ListLeadReturnsQuery, Page<LeadReturnDto>> handler,
        [AsParameters] ListLeadReturnsParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListLeadReturnsQuery(
                    query.Status?.Value,
                    query.LeadId,
                    query.OrganizationId,
                    query.Sort,
                    query.Cursor,
                    query.Limit
                ),
                cancellationToken
            ),
            LeadReturnPage.From
        );
    }

    private static async Task<Results<JsonOk<LeadReturn>, ProblemHttpResult>> GetReturn(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetLeadReturnQuery, LeadReturnDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetLeadReturnQuery(id), cancellationToken), LeadReturn.From);

    private static async Task<Results<JsonOk<LeadReturn>, ProblemHttpResult>> AcceptReturn(
        Guid id,
        HttpResponse response,
        ICommandHandler<AcceptLeadReturnCommand, LeadReturnDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(response, await handler.Handle(new AcceptLeadReturnCommand(id), cancellationToken), LeadReturn.From);

    private static async Task<Results<JsonOk<LeadReturn>, ProblemHttpResult>> RejectReturn(
        Guid id,
        HttpContext http,
        ICommandHandler<RejectLeadReturnCommand, LeadReturnDto> handler,
        Body<RejectLeadReturnRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(new RejectLeadReturnCommand(id, body.Value.Reason), cancellationToken),
            LeadReturn.From
        );
}
