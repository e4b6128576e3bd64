using FluentValidation;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Application.Common;
using MakCrm.Application.Organizations;
using MakCrm.Domain.Common;

namespace MakCrm.Application.Telegram;

/// <summary>A one-time code for the signed-in user to open the bot with; the user's earlier unused codes stop working.</summary>
public sealed record CreateMyTelegramLinkCodeCommand : ICommand<TelegramLinkCodeDto>;

/// <summary>The bot redeems a user's code for the Telegram account that sent it.</summary>
public sealed record RedeemTelegramLinkCodeCommand(string Code, long TelegramUserId, long ChatId, string? TelegramUsername) : ICommand<TelegramLinkDto>;

public sealed record ListMyTelegramLinksQuery : IQuery<IReadOnlyList<TelegramLinkDto>>;

public sealed record RemoveMyTelegramLinkCommand(Guid LinkId) : ICommand<Unit>, ITakesAccessAway;

/// <summary>Head office: a user's links.</summary>
public sealed record ListUserTelegramLinksQuery(Guid UserId) : IQuery<IReadOnlyList<TelegramLinkDto>>;

public sealed record RemoveUserTelegramLinkCommand(Guid UserId, Guid LinkId) : ICommand<Unit>, ITakesAccessAway;

/// <summary>The bot: the link of a Telegram account.</summary>
public sealed record GetTelegramLinkQuery(long TelegramUserId) : IQuery<TelegramLinkDto>;

/// <summary>The bot: ends a Telegram account's link (Telegram answered 403: the user blocked the bot).</summary>
public sealed record RemoveTelegramLinkCommand(long TelegramUserId) : ICommand<Unit>, ITakesAccessAway;

/// <summary>The organization's owner or head office: a one-time code that links a Telegram group to the organization.</summary>
public sealed record CreateTelegramGroupCodeCommand(Guid OrganizationId) : ICommand<TelegramLinkCodeDto>;

/// <summary>The bot redeems a group code in the group it was sent to.</summary>
public sealed record RedeemTelegramGroupCodeCommand(string Code, long ChatId, string Title) : ICommand<TelegramGroupLinkDto>;

/// <summary>The organization's owner or head office: the organization's linked groups.</summary>
public sealed record ListTelegramGroupsQuery(Guid OrganizationId) : IQuery<IReadOnlyList<TelegramGroupLinkDto>>;

public sealed record RemoveTelegramGroupCommand(Guid OrganizationId, Guid LinkId) : ICommand<Unit>;

/// <summary>The bot: the group chats to notify for an organization.</summary>
public sealed record ListTelegramGroupLinksQuery(Guid OrganizationId) : IQuery<IReadOnlyList<TelegramGroupLinkDto>>;

internal static class TelegramCodes
{
    /// <summary>Unknown, expired and spent codes get one answer, so that the answer tells a guesser nothing.</summary>
    public static Error Invalid => new(ErrorCodes.TelegramLinkCodeInvalid,
        "The code is unknown, expired or used already; ask for a new one in the cabinet.", ErrorKind.Unprocessable);

    public const int MaxLength = 64;
}

internal sealed class RedeemTelegramLinkCodeValidator : AbstractValidator<RedeemTelegramLinkCodeCommand>
{
    public RedeemTelegramLinkCodeValidator()
    {
        RuleFor(c => c.Code).RequiredText(TelegramCodes.MaxLength);
        RuleFor(c => c.TelegramUserId).GreaterThan(0).WithMessage("Must be a Telegram user id (a positive number).");
        RuleFor(c => c.ChatId).NotEqual(0).WithMessage("Must be a Telegram chat id.");
        RuleFor(c => c.TelegramUsername).OptionalText(64);
    }
}

internal sealed class RedeemTelegramGroupCodeValidator : AbstractValidator<RedeemTelegramGroupCodeCommand>
{
    public RedeemTelegramGroupCodeValidator()
    {
        RuleFor(c => c.Code).RequiredText(TelegramCodes.MaxLength);
        RuleFor(c => c.ChatId).NotEqual(0).WithMessage("Must be a Telegram chat id.");
        RuleFor(c => c.Title).RequiredText(256);
    }
}

internal sealed class CreateMyTelegramLinkCodeHandler(ITelegramLinks links, ICurrentActor actor) : ICommandHandler<CreateMyTelegramLinkCodeCommand, TelegramLinkCodeDto>
{
    public async Task<Result<TelegramLinkCodeDto>> Handle(CreateMyTelegramLinkCodeCommand command, CancellationToken cancellationToken) =>
        await links.CreateUserCodeAsync(actor.UserId!.Value, cancellationToken);
}

internal sealed class RedeemTelegramLinkCodeHandler(ITelegramLinks links, ICurrentActor actor) : ICommandHandler<RedeemTelegramLinkCodeCommand, TelegramLinkDto>
{
    public async Task<Result<TelegramLinkDto>> Handle(RedeemTelegramLinkCodeCommand command, CancellationToken cancellationToken) =>
        await links.RedeemUserCodeAsync(command.Code.Trim(), new TelegramAccount(command.TelegramUserId, command.ChatId, command.TelegramUsername),
            actor.ClientId ?? "", cancellationToken) is { } link
            ? link
            : TelegramCodes.Invalid;
}

internal sealed class ListMyTelegramLinksHandler(ITelegramLinks links, ICurrentActor actor) : IQueryHandler<ListMyTelegramLinksQuery, IReadOnlyList<TelegramLinkDto>>
{
    public async Task<Result<IReadOnlyList<TelegramLinkDto>>> Handle(ListMyTelegramLinksQuery query, CancellationToken cancellationToken) =>
        Result<IReadOnlyList<TelegramLinkDto>>.Success(await links.ListAsync(actor.UserId!.Value, cancellationToken));
}

internal sealed class RemoveMyTelegramLinkHandler(ITelegramLinks links, ICurrentActor actor) : ICommandHandler<RemoveMyTelegramLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RemoveMyTelegramLinkCommand command, CancellationToken cancellationToken) =>
        await links.RemoveAsync(actor.UserId!.Value, command.LinkId, "removed by the user", cancellationToken)
            ? Unit.Value
            : Error.NotFound("Telegram link", command.LinkId);
}

internal sealed class ListUserTelegramLinksHandler(ITelegramLinks links) : IQueryHandler<ListUserTelegramLinksQuery, IReadOnlyList<TelegramLinkDto>>
{
    public async Task<Result<IReadOnlyList<TelegramLinkDto>>> Handle(ListUserTelegramLinksQuery query, CancellationToken cancellationToken) =>
        Result<IReadOnlyList<TelegramLinkDto>>.Success(await links.ListAsync(query.UserId, cancellationToken));
}

internal sealed class RemoveUserTelegramLinkHandler(ITelegramLinks links) : ICommandHandler<RemoveUserTelegramLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RemoveUserTelegramLinkCommand command, CancellationToken cancellationToken) =>
        await links.RemoveAsync(command.UserId, command.LinkId, "removed by head office", cancellationToken)
            ? Unit.Value
            : Error.NotFound("Telegram link", command.LinkId);
}

internal sealed class GetTelegramLinkHandler(ITelegramLinks links) : IQueryHandler<GetTelegramLinkQuery, TelegramLinkDto>
{
    public async Task<Result<TelegramLinkDto>> Handle(GetTelegramLinkQuery query, CancellationToken cancellationToken) =>
        await links.FindByTelegramUserAsync(query.TelegramUserId, cancellationToken) is { } link
            ? link
            : new Error(ErrorCodes.NotFound, $"Telegram user {query.TelegramUserId} is not linked.", ErrorKind.NotFound);
}

internal sealed class RemoveTelegramLinkHandler(ITelegramLinks links) : ICommandHandler<RemoveTelegramLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RemoveTelegramLinkCommand command, CancellationToken cancellationToken) =>
        await links.RemoveByTelegramUserAsync(command.TelegramUserId, "removed by the bot", cancellationToken)
            ? Unit.Value
            : new Error(ErrorCodes.NotFound, $"Telegram user {command.TelegramUserId} is not linked.", ErrorKind.NotFound);
}

internal sealed class CreateTelegramGroupCodeHandler(ITelegramLinks links, IOrganizationRepository organizations, ICurrentActor actor)
    : ICommandHandler<CreateTelegramGroupCodeCommand, TelegramLinkCodeDto>
{
    public async Task<Result<TelegramLinkCodeDto>> Handle(CreateTelegramGroupCodeCommand command, CancellationToken cancellationToken)
    {
        var allowed = actor.MayEdit(await organizations.FindAsync(command.OrganizationId, cancellationToken), command.OrganizationId);
        return allowed.IsSuccess
            ? await links.CreateGroupCodeAsync(command.OrganizationId, actor.UserId!.Value, cancellationToken)
            : allowed.Error!;
    }
}

internal sealed class RedeemTelegramGroupCodeHandler(ITelegramLinks links, ICurrentActor actor) : ICommandHandler<RedeemTelegramGroupCodeCommand, TelegramGroupLinkDto>
{
    public async Task<Result<TelegramGroupLinkDto>> Handle(RedeemTelegramGroupCodeCommand command, CancellationToken cancellationToken) =>
        await links.RedeemGroupCodeAsync(command.Code.Trim(), command.ChatId, command.Title.Trim(), actor.ClientId ?? "", cancellationToken) is { } link
            ? link
            : TelegramCodes.Invalid;
}

internal sealed class ListTelegramGroupsHandler(ITelegramLinks links, IOrganizationRepository organizations, ICurrentActor actor)
    : IQueryHandler<ListTelegramGroupsQuery, IReadOnlyList<TelegramGroupLinkDto>>
{
    public async Task<Result<IReadOnlyList<TelegramGroupLinkDto>>> Handle(ListTelegramGroupsQuery query, CancellationToken cancellationToken)
    {
        var allowed = actor.MayEdit(await organizations.FindAsync(query.OrganizationId, cancellationToken), query.OrganizationId);
        return allowed.IsSuccess
            ? Result<IReadOnlyList<TelegramGroupLinkDto>>.Success(await links.ListGroupsAsync(query.OrganizationId, cancellationToken))
            : allowed.Error!;
    }
}

internal sealed class RemoveTelegramGroupHandler(ITelegramLinks links, IOrganizationRepository organizations, ICurrentActor actor)
    : ICommandHandler<RemoveTelegramGroupCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RemoveTelegramGroupCommand command, CancellationToken cancellationToken)
    {
        var allowed = actor.MayEdit(await organizations.FindAsync(command.OrganizationId, cancellationToken), command.OrganizationId);
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        return await links.RemoveGroupAsync(command.OrganizationId, command.LinkId, cancellationToken)
            ? Unit.Value
            : Error.NotFound("Telegram group link", command.LinkId);
    }
}

internal sealed class ListTelegramGroupLinksHandler(ITelegramLinks links) : IQueryHandler<ListTelegramGroupLinksQuery, IReadOnlyList<TelegramGroupLinkDto>>
{
    public async Task<Result<IReadOnlyList<TelegramGroupLinkDto>>> Handle(ListTelegramGroupLinksQuery query, CancellationToken cancellationToken) =>
        Result<IReadOnlyList<TelegramGroupLinkDto>>.Success(await links.ListGroupsAsync(query.OrganizationId, cancellationToken));
}
