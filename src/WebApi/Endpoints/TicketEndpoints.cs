using MakCrm.Application.Tickets;
using MakCrm.Contracts;
using MakCrm.Domain.Help;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class TicketEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tickets");
        group.MapGet("/", List).WithName("listTickets").SortedBy(TicketCatalog.Sorts);
        group.MapPost("/", Create).WithName("createTicket");
        group.MapGet("/{id:guid}", Get).WithName("getTicket");
        group.MapPatch("/{id:guid}", Update).WithName("updateTicket");
        group.MapGet("/{id:guid}/messages", ListMessages).WithName("listTicketMessages");
        group.MapPost("/{id:guid}/messages", AddMessage).WithName("createTicketMessage");
    }

    private static async Task<Results<JsonOk<TicketPage>, ProblemHttpResult>> List(
        IQueryHandler<ListTicketsQuery, Page<TicketDto>> handler,
        [AsParameters] ListTicketsParameters query,
        CancellationToken cancellationToken
    )
    {
        var request = new ListTicketsQuery(
            query.Status?.Value,
            query.Assignee,
            query.Category?.Value,
            query.Priority?.Value,
            query.Mine,
            query.Sort,
            query.Cursor,
            query.Limit,
            query.Q,
            query.CreatedFrom,
            query.CreatedTo,
            query.WithTotal
        );
        return Respond.Value(await handler.Handle(request, cancellationToken), TicketPage.From);
    }

    private static async Task<Results<JsonCreated<Contracts.Ticket>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<OpenTicketCommand, TicketWithMessageDto> handler,
        Body<CreateTicketRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/tickets",
            await handler.Handle(body.Value.ToCommand(), cancellationToken),
            t => Contracts.Ticket.From(t.Ticket)
        );

    private static async Task<Results<JsonOk<Contracts.Ticket>, ProblemHttpResult>> Get(
        Guid id,
        HttpResponse response,
        IQueryHandler<GetTicketQuery, TicketDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(response, await handler.Handle(new GetTicketQuery(id), cancellationToken), Contracts.Ticket.From);

    private static async Task<Results<JsonOk<Contracts.Ticket>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateTicketCommand, TicketDto> handler,
        Body<UpdateTicketRequest> body,
        CancellationToken cancellationToken
    )
    {
        var command = UpdateTicketRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields);
        return Respond.Ok(http.Response, await handler.Handle(command, cancellationToken), Contracts.Ticket.From);
    }

    private static async Task<Results<JsonOk<TicketMessagePage>, ProblemHttpResult>> ListMessages(
        Guid id,
        IQueryHandler<ListTicketMessagesQuery, Page<TicketMessageDto>> handler,
        [AsParameters] ListTicketMessagesParameters query,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListTicketMessagesQuery(id, query.Cursor, query.Limit), cancellationToken),
            TicketMessagePage.From
        );

    /// <summary>The new message, with the ticket's new ETag (support may patch the ticket next).</summary>
    private static async Task<Results<JsonCreated<Contracts.TicketMessage>, ProblemHttpResult>> AddMessage(
        Guid id,
        HttpContext http,
        ICommandHandler<AddTicketMessageCommand, TicketWithMessageDto> handler,
        Body<CreateTicketMessageRequest> body,
        CancellationToken cancellationToken
    )
    {
        var result = await handler.Handle(body.Value.ToCommand(id), cancellationToken);
        if (!result.IsSuccess)
        {
            return Problems.From(result.Error!);
        }

        ETag.Write(http.Response, result.Value.Version);
        return JsonAnswer.Created((string?)null, Contracts.TicketMessage.From(result.Value.Message));
    }
}
