using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;
using MakCrm.Contracts;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// WhatsApp links, made with the same one-time codes as Telegram's (<c>createMyTelegramLinkCode</c>): the signed-in
/// user's links (<c>/me</c>), head office's view of a user's links, and the bot's side
/// (<see cref="Permissions.TelegramBot"/>): redeeming a code for the WhatsApp account that sent it and looking a link
/// up.
/// </summary>
internal sealed class WhatsAppLinkEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me/whatsapp-links");
        me.MapGet("/", ListMine).WithName("listMyWhatsAppLinks");
        me.MapDelete("/{id:guid}", RemoveMine).WithName("removeMyWhatsAppLink");

        var users = app.MapGroup("/api/v1/users/{userId:guid}/whatsapp-links");
        users.MapGet("/", ListOfUser).WithName("listUserWhatsAppLinks");
        users.MapDelete("/{id:guid}", RemoveOfUser).WithName("removeUserWhatsAppLink");

        var bot = app.MapGroup("/api/v1/whatsapp");
        bot.MapPost("/links", Redeem).WithName("redeemWhatsAppLinkCode");
        bot.MapGet("/links/{waId}", Find).WithName("getWhatsAppLink");
    }

    private static async Task<Results<JsonOk<WhatsAppLinkList>, ProblemHttpResult>> ListMine(
        IQueryHandler<ListMyMessengerLinksQuery, IReadOnlyList<MessengerLinkDto>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListMyMessengerLinksQuery(MessengerChannel.Whatsapp), cancellationToken),
            WhatsAppLinkList.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMine(
        Guid id,
        ICommandHandler<RemoveMyMessengerLinkCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new RemoveMyMessengerLinkCommand(MessengerChannel.Whatsapp, id), cancellationToken)
        );

    private static async Task<Results<JsonOk<WhatsAppLinkList>, ProblemHttpResult>> ListOfUser(
        Guid userId,
        IQueryHandler<ListUserMessengerLinksQuery, IReadOnlyList<MessengerLinkDto>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListUserMessengerLinksQuery(userId, MessengerChannel.Whatsapp), cancellationToken),
            WhatsAppLinkList.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveOfUser(
        Guid userId,
        Guid id,
        ICommandHandler<RemoveUserMessengerLinkCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(
                new RemoveUserMessengerLinkCommand(userId, MessengerChannel.Whatsapp, id),
                cancellationToken
            )
        );

    private static async Task<Results<JsonCreated<WhatsAppLink>, ProblemHttpResult>> Redeem(
        ICommandHandler<RedeemWhatsAppLinkCodeCommand, MessengerLinkDto> handler,
        Body<RedeemWhatsAppLinkCodeRequest> body,
        CancellationToken cancellationToken
    )
    {
        var redeemed = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return redeemed.IsSuccess
            ? JsonAnswer.Created(
                $"/api/v1/whatsapp/links/{redeemed.Value.AccountId}",
                WhatsAppLink.From(redeemed.Value)
            )
            : Problems.From(redeemed.Error!);
    }

    private static async Task<Results<JsonOk<WhatsAppLink>, ProblemHttpResult>> Find(
        string waId,
        IQueryHandler<GetMessengerLinkQuery, MessengerLinkDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new GetMessengerLinkQuery(MessengerChannel.Whatsapp, waId), cancellationToken),
            WhatsAppLink.From
        );
}
