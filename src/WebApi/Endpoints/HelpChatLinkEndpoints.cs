using MakCrm.Application.Help;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Endpoints;

internal sealed class HelpChatLinkEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/help/chat-links");
        group.MapGet("/", List).WithName("listHelpChatLinks");
        group.MapPost("/", Create).WithName("createHelpChatLink");
        group.MapPatch("/{id:guid}", Update).WithName("updateHelpChatLink");
        group.MapDelete("/{id:guid}", Delete).WithName("deleteHelpChatLink");
    }

    private static async Task<Results<JsonOk<HelpChatLinkList>, ProblemHttpResult>> List(
        IQueryHandler<ListHelpChatLinksQuery, IReadOnlyList<Contracts.HelpChatLink>> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListHelpChatLinksQuery(), cancellationToken), HelpChatLinkList.From);

    private static async Task<Results<JsonCreated<Contracts.HelpChatLink>, ProblemHttpResult>> Create(
        HttpContext http,
        ICommandHandler<CreateHelpChatLinkCommand, Contracts.HelpChatLink> handler,
        Body<CreateHelpChatLinkRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/help/chat-links",
            await handler.Handle(body.Value.ToCommand(), cancellationToken)
        );

    private static async Task<Results<JsonOk<Contracts.HelpChatLink>, ProblemHttpResult>> Update(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateHelpChatLinkCommand, Contracts.HelpChatLink> handler,
        Body<UpdateHelpChatLinkRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateHelpChatLinkRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            )
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        ICommandHandler<DeleteHelpChatLinkCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new DeleteHelpChatLinkCommand(id, ETag.IfMatch(ifMatch)), cancellationToken)
        );
}
