using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Telegram;
using MakCrm.Contracts;
using MakCrm.Domain.Access;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>
/// Telegram links: the signed-in user's codes (which link WhatsApp too) and Telegram links (<c>/me</c>), head office's
/// view of a user's links, an organization's groups (its owner or head office), and the bot's side
/// (<see cref="Permissions.TelegramBot"/>): redeeming codes, looking a link up, ending it.
/// </summary>
internal sealed class TelegramLinkEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me");
        me.MapPost("/telegram-link-codes", CreateCode).WithName("createMyTelegramLinkCode");
        me.MapGet("/telegram-links", ListMine).WithName("listMyTelegramLinks");
        me.MapDelete("/telegram-links/{id:guid}", RemoveMine).WithName("removeMyTelegramLink");

        var users = app.MapGroup("/api/v1/users/{userId:guid}/telegram-links");
        users.MapGet("/", ListOfUser).WithName("listUserTelegramLinks");
        users.MapDelete("/{id:guid}", RemoveOfUser).WithName("removeUserTelegramLink");

        var organizations = app.MapGroup("/api/v1/organizations/{organizationId:guid}");
        organizations.MapPost("/telegram-group-codes", CreateGroupCode).WithName("createTelegramGroupCode");
        organizations.MapGet("/telegram-groups", ListGroups).WithName("listOrganizationTelegramGroups");
        organizations.MapDelete("/telegram-groups/{id:guid}", RemoveGroup).WithName("removeOrganizationTelegramGroup");

        var bot = app.MapGroup("/api/v1/telegram");
        bot.MapPost("/links", Redeem).WithName("redeemTelegramLinkCode");
        bot.MapGet("/links/{telegramUserId:long}", Find).WithName("getTelegramLink");
        bot.MapDelete("/links/{telegramUserId:long}", RemoveByBot).WithName("removeTelegramLink");
        bot.MapPost("/group-links", RedeemGroup).WithName("redeemTelegramGroupCode");
        bot.MapGet("/group-links", ListGroupLinks).WithName("listTelegramGroupLinks");
        bot.MapDelete("/group-links/{chatId:long}", RemoveGroupByBot).WithName("removeTelegramGroupLink");
    }

    private static async Task<Results<JsonCreated<Contracts.TelegramLinkCode>, ProblemHttpResult>> CreateCode(
        ICommandHandler<CreateMyTelegramLinkCodeCommand, Contracts.TelegramLinkCode> handler,
        CancellationToken cancellationToken
    )
    {
        var created = await handler.Handle(new CreateMyTelegramLinkCodeCommand(), cancellationToken);
        return created.IsSuccess
            ? JsonAnswer.Created((string?)null, created.Value) // a code is not a resource to read back
            : Problems.From(created.Error!);
    }

    private static async Task<Results<JsonOk<TelegramLinkList>, ProblemHttpResult>> ListMine(
        IQueryHandler<ListMyMessengerLinksQuery, IReadOnlyList<MessengerLinkDto>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListMyMessengerLinksQuery(MessengerChannel.Telegram), cancellationToken),
            TelegramLinkList.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMine(
        Guid id,
        ICommandHandler<RemoveMyMessengerLinkCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(new RemoveMyMessengerLinkCommand(MessengerChannel.Telegram, id), cancellationToken)
        );

    private static async Task<Results<JsonOk<TelegramLinkList>, ProblemHttpResult>> ListOfUser(
        Guid userId,
        IQueryHandler<ListUserMessengerLinksQuery, IReadOnlyList<MessengerLinkDto>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListUserMessengerLinksQuery(userId, MessengerChannel.Telegram), cancellationToken),
            TelegramLinkList.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveOfUser(
        Guid userId,
        Guid id,
        ICommandHandler<RemoveUserMessengerLinkCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(
                new RemoveUserMessengerLinkCommand(userId, MessengerChannel.Telegram, id),
                cancellationToken
            )
        );

    private static async Task<Results<JsonCreated<Contracts.TelegramLinkCode>, ProblemHttpResult>> CreateGroupCode(
        Guid organizationId,
        ICommandHandler<CreateTelegramGroupCodeCommand, Contracts.TelegramLinkCode> handler,
        CancellationToken cancellationToken
    )
    {
        var created = await handler.Handle(new CreateTelegramGroupCodeCommand(organizationId), cancellationToken);
        return created.IsSuccess ? JsonAnswer.Created((string?)null, created.Value) : Problems.From(created.Error!);
    }

    private static async Task<Results<JsonOk<TelegramGroupLinkList>, ProblemHttpResult>> ListGroups(
        Guid organizationId,
        IQueryHandler<ListTelegramGroupsQuery, IReadOnlyList<Contracts.TelegramGroupLink>> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new ListTelegramGroupsQuery(organizationId), cancellationToken),
            TelegramGroupLinkList.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveGroup(
        Guid organizationId,
        Guid id,
        ICommandHandler<RemoveTelegramGroupCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new RemoveTelegramGroupCommand(organizationId, id), cancellationToken));

    private static async Task<Results<JsonCreated<Contracts.TelegramLink>, ProblemHttpResult>> Redeem(
        ICommandHandler<RedeemTelegramLinkCodeCommand, MessengerLinkDto> handler,
        Body<RedeemTelegramLinkCodeRequest> body,
        CancellationToken cancellationToken
    )
    {
        var redeemed = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return redeemed.IsSuccess
            ? JsonAnswer.Created(
                $"/api/v1/telegram/links/{redeemed.Value.AccountId}",
                Contracts.TelegramLink.From(redeemed.Value)
            )
            : Problems.From(redeemed.Error!);
    }

    private static async Task<Results<JsonOk<Contracts.TelegramLink>, ProblemHttpResult>> Find(
        long telegramUserId,
        IQueryHandler<GetMessengerLinkQuery, MessengerLinkDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(
                new GetMessengerLinkQuery(MessengerChannel.Telegram, Account(telegramUserId)),
                cancellationToken
            ),
            Contracts.TelegramLink.From
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveByBot(
        long telegramUserId,
        ICommandHandler<RemoveMessengerLinkCommand, Unit> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.NoContent(
            await handler.Handle(
                new RemoveMessengerLinkCommand(MessengerChannel.Telegram, Account(telegramUserId)),
                cancellationToken
            )
        );

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveGroupByBot(
        long chatId,
        ICommandHandler<RemoveTelegramGroupLinkCommand, Unit> handler,
        CancellationToken cancellationToken
    ) => Respond.NoContent(await handler.Handle(new RemoveTelegramGroupLinkCommand(chatId), cancellationToken));

    /// <summary>A Telegram user id as a link's account id.</summary>
    private static string Account(long telegramUserId) =>
        telegramUserId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Results<JsonCreated<Contracts.TelegramGroupLink>, ProblemHttpResult>> RedeemGroup(
        ICommandHandler<RedeemTelegramGroupCodeCommand, Contracts.TelegramGroupLink> handler,
        Body<RedeemTelegramGroupCodeRequest> body,
        CancellationToken cancellationToken
    )
    {
        var redeemed = await handler.Handle(body.Value.ToCommand(), cancellationToken);
        return redeemed.IsSuccess ? JsonAnswer.Created((string?)null, redeemed.Value) : Problems.From(redeemed.Error!);
    }

    private static async Task<Results<JsonOk<TelegramGroupLinkList>, ProblemHttpResult>> ListGroupLinks(
        IQueryHandler<ListTelegramGroupLinksQuery, IReadOnlyList<Contracts.TelegramGroupLink>> handler,
        [AsParameters] ListTelegramGroupLinksParameters query,
        CancellationToken cancellationToken
    ) =>
        query.OrganizationId is { } id
            ? Respond.Value(
                await handler.Handle(new ListTelegramGroupLinksQuery(id), cancellationToken),
                TelegramGroupLinkList.From
            )
            : Problems.From(Error.Validation("organizationId", "Must be an organization's id."));
}
