using System.Globalization;
using MakCrm.Application.Organizations;

namespace MakCrm.Application.Telegram;

/// <summary>
/// A one-time code for the signed-in user to open the bot with, in Telegram or WhatsApp; the user's earlier unused
/// codes
/// stop working.
/// </summary>
public sealed record CreateMyTelegramLinkCodeCommand : ICommand<Contracts.TelegramLinkCode>;

/// <summary>The bot redeems a user's code for the Telegram account that sent it.</summary>
public sealed record RedeemTelegramLinkCodeCommand(
    string Code,
    long TelegramUserId,
    long ChatId,
    string? TelegramUsername
) : ICommand<MessengerLinkDto>;

/// <summary>The bot redeems a user's code for the WhatsApp account that sent it.</summary>
public sealed record RedeemWhatsAppLinkCodeCommand(string Code, string WaId, string? ProfileName)
    : ICommand<MessengerLinkDto>;

/// <summary>The signed-in user's links on one messenger.</summary>
public sealed record ListMyMessengerLinksQuery(MessengerChannel Channel) : IQuery<IReadOnlyList<MessengerLinkDto>>;

public sealed record RemoveMyMessengerLinkCommand(MessengerChannel Channel, Guid LinkId)
    : ICommand<Unit>,
        IChangesStanding;

/// <summary>Head office: a user's links on one messenger.</summary>
public sealed record ListUserMessengerLinksQuery(Guid UserId, MessengerChannel Channel)
    : IQuery<IReadOnlyList<MessengerLinkDto>>;

public sealed record RemoveUserMessengerLinkCommand(Guid UserId, MessengerChannel Channel, Guid LinkId)
    : ICommand<Unit>,
        IChangesStanding;

/// <summary>The bot: the link of a messenger account (a Telegram user id in decimal, a WhatsApp
/// <c>wa_id</c>).</summary>
public sealed record GetMessengerLinkQuery(MessengerChannel Channel, string AccountId) : IQuery<MessengerLinkDto>;

/// <summary>The bot: ends a messenger account's link (Telegram answered 403: the user blocked the bot).</summary>
public sealed record RemoveMessengerLinkCommand(MessengerChannel Channel, string AccountId)
    : ICommand<Unit>,
        IChangesStanding;

/// <summary>The organization's owner or head office: a one-time code that links a Telegram group to the
/// organization.</summary>
public sealed record CreateTelegramGroupCodeCommand(Guid OrganizationId) : ICommand<Contracts.TelegramLinkCode>;

/// <summary>The bot redeems a group code in the group it was sent to.</summary>
public sealed record RedeemTelegramGroupCodeCommand(string Code, long ChatId, string Title)
    : ICommand<Contracts.TelegramGroupLink>;

/// <summary>The organization's owner or head office: the organization's linked groups.</summary>
public sealed record ListTelegramGroupsQuery(Guid OrganizationId) : IQuery<IReadOnlyList<Contracts.TelegramGroupLink>>;

public sealed record RemoveTelegramGroupCommand(Guid OrganizationId, Guid LinkId) : ICommand<Unit>;

/// <summary>The bot: ends a group's link (it was removed from the group, or Telegram refuses it there).</summary>
public sealed record RemoveTelegramGroupLinkCommand(long ChatId) : ICommand<Unit>;

/// <summary>The bot: the group chats to notify for an organization.</summary>
public sealed record ListTelegramGroupLinksQuery(Guid OrganizationId)
    : IQuery<IReadOnlyList<Contracts.TelegramGroupLink>>;

internal static class TelegramCodes
{
    /// <summary>
    /// Unknown, expired and spent codes get one answer, so that the answer tells a guesser nothing; the same for both
    /// messengers, whose codes are one kind.
    /// </summary>
    public static Error Invalid =>
        new(
            ErrorCodes.TelegramLinkCodeInvalid,
            "The code is unknown, expired or used already; ask for a new one in the cabinet.",
            ErrorKind.Unprocessable
        );

    public const int MaxLength = 64;

    /// <summary>The answer for an account with no link: 404 naming the messenger and the account.</summary>
    public static Error NotLinked(MessengerChannel channel, string accountId) =>
        new(
            ErrorCodes.NotFound,
            channel == MessengerChannel.Whatsapp
                ? $"WhatsApp account {accountId} is not linked."
                : $"Telegram user {accountId} is not linked.",
            ErrorKind.NotFound
        );

    /// <summary>The answer for a link id that is not one of the user's on the messenger.</summary>
    public static Error LinkNotFound(MessengerChannel channel, Guid linkId) =>
        Error.NotFound(channel == MessengerChannel.Whatsapp ? "WhatsApp link" : "Telegram link", linkId);
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

internal sealed class RedeemWhatsAppLinkCodeValidator : AbstractValidator<RedeemWhatsAppLinkCodeCommand>
{
    public RedeemWhatsAppLinkCodeValidator()
    {
        RuleFor(c => c.Code).RequiredText(TelegramCodes.MaxLength);
        RuleFor(c => c.WaId)
            .Must(WhatsAppIds.IsValid)
            .WithMessage($"Must be a WhatsApp wa_id ({WhatsAppIds.Description}).");
        RuleFor(c => c.ProfileName).OptionalText(256);
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

internal sealed class CreateMyTelegramLinkCodeHandler(IMessengerLinks links, ICurrentActor actor)
    : ICommandHandler<CreateMyTelegramLinkCodeCommand, Contracts.TelegramLinkCode>
{
    public async Task<Result<Contracts.TelegramLinkCode>> Handle(
        CreateMyTelegramLinkCodeCommand command,
        CancellationToken cancellationToken
    ) => await links.CreateUserCodeAsync(actor.UserId!.Value, cancellationToken);
}

internal sealed class RedeemTelegramLinkCodeHandler(IMessengerLinks links, ICurrentActor actor)
    : ICommandHandler<RedeemTelegramLinkCodeCommand, MessengerLinkDto>
{
    public async Task<Result<MessengerLinkDto>> Handle(
        RedeemTelegramLinkCodeCommand command,
        CancellationToken cancellationToken
    ) =>
        await links.RedeemUserCodeAsync(
            command.Code.Trim(),
            new MessengerAccount(
                MessengerChannel.Telegram,
                command.TelegramUserId.ToString(CultureInfo.InvariantCulture),
                command.ChatId,
                command.TelegramUsername
            ),
            actor.ClientId ?? "",
            cancellationToken
        )
            is { } link
            ? link
            : TelegramCodes.Invalid;
}

internal sealed class RedeemWhatsAppLinkCodeHandler(IMessengerLinks links, ICurrentActor actor)
    : ICommandHandler<RedeemWhatsAppLinkCodeCommand, MessengerLinkDto>
{
    public async Task<Result<MessengerLinkDto>> Handle(
        RedeemWhatsAppLinkCodeCommand command,
        CancellationToken cancellationToken
    ) =>
        await links.RedeemUserCodeAsync(
            command.Code.Trim(),
            new MessengerAccount(MessengerChannel.Whatsapp, command.WaId, null, command.ProfileName?.Trim()),
            actor.ClientId ?? "",
            cancellationToken
        )
            is { } link
            ? link
            : TelegramCodes.Invalid;
}

internal sealed class ListMyMessengerLinksHandler(IMessengerLinks links, ICurrentActor actor)
    : IQueryHandler<ListMyMessengerLinksQuery, IReadOnlyList<MessengerLinkDto>>
{
    public async Task<Result<IReadOnlyList<MessengerLinkDto>>> Handle(
        ListMyMessengerLinksQuery query,
        CancellationToken cancellationToken
    ) =>
        Result<IReadOnlyList<MessengerLinkDto>>.Success(
            await links.ListAsync(actor.UserId!.Value, query.Channel, cancellationToken)
        );
}

internal sealed class RemoveMyMessengerLinkHandler(IMessengerLinks links, ICurrentActor actor)
    : ICommandHandler<RemoveMyMessengerLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RemoveMyMessengerLinkCommand command, CancellationToken cancellationToken) =>
        await links.RemoveAsync(
            actor.UserId!.Value,
            command.Channel,
            command.LinkId,
            "removed by the user",
            cancellationToken
        )
            ? Unit.Value
            : TelegramCodes.LinkNotFound(command.Channel, command.LinkId);
}

internal sealed class ListUserMessengerLinksHandler(IMessengerLinks links)
    : IQueryHandler<ListUserMessengerLinksQuery, IReadOnlyList<MessengerLinkDto>>
{
    public async Task<Result<IReadOnlyList<MessengerLinkDto>>> Handle(
        ListUserMessengerLinksQuery query,
        CancellationToken cancellationToken
    ) =>
        Result<IReadOnlyList<MessengerLinkDto>>.Success(
            await links.ListAsync(query.UserId, query.Channel, cancellationToken)
        );
}

internal sealed class RemoveUserMessengerLinkHandler(IMessengerLinks links)
    : ICommandHandler<RemoveUserMessengerLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(
        RemoveUserMessengerLinkCommand command,
        CancellationToken cancellationToken
    ) =>
        await links.RemoveAsync(
            command.UserId,
            command.Channel,
            command.LinkId,
            "removed by head office",
            cancellationToken
        )
            ? Unit.Value
            : TelegramCodes.LinkNotFound(command.Channel, command.LinkId);
}

internal sealed class GetMessengerLinkHandler(IMessengerLinks links)
    : IQueryHandler<GetMessengerLinkQuery, MessengerLinkDto>
{
    public async Task<Result<MessengerLinkDto>> Handle(
        GetMessengerLinkQuery query,
        CancellationToken cancellationToken
    ) =>
        await links.FindAsync(query.Channel, query.AccountId, cancellationToken) is { } link
            ? link
            : TelegramCodes.NotLinked(query.Channel, query.AccountId);
}

internal sealed class RemoveMessengerLinkHandler(IMessengerLinks links)
    : ICommandHandler<RemoveMessengerLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RemoveMessengerLinkCommand command, CancellationToken cancellationToken) =>
        await links.RemoveByAccountAsync(command.Channel, command.AccountId, "removed by the bot", cancellationToken)
            ? Unit.Value
            : TelegramCodes.NotLinked(command.Channel, command.AccountId);
}

internal sealed class CreateTelegramGroupCodeHandler(
    IMessengerLinks links,
    IOrganizationRepository organizations,
    ICurrentActor actor
) : ICommandHandler<CreateTelegramGroupCodeCommand, Contracts.TelegramLinkCode>
{
    public async Task<Result<Contracts.TelegramLinkCode>> Handle(
        CreateTelegramGroupCodeCommand command,
        CancellationToken cancellationToken
    )
    {
        var allowed = actor.MayEdit(
            await organizations.FindAsync(command.OrganizationId, cancellationToken),
            command.OrganizationId
        );
        return allowed.IsSuccess
            ? await links.CreateGroupCodeAsync(command.OrganizationId, actor.UserId!.Value, cancellationToken)
            : allowed.Error!;
    }
}

internal sealed class RedeemTelegramGroupCodeHandler(IMessengerLinks links, ICurrentActor actor)
    : ICommandHandler<RedeemTelegramGroupCodeCommand, Contracts.TelegramGroupLink>
{
    public async Task<Result<Contracts.TelegramGroupLink>> Handle(
        RedeemTelegramGroupCodeCommand command,
        CancellationToken cancellationToken
    ) =>
        await links.RedeemGroupCodeAsync(
            command.Code.Trim(),
            command.ChatId,
            command.Title.Trim(),
            actor.ClientId ?? "",
            cancellationToken
        )
            is { } link
            ? link
            : TelegramCodes.Invalid;
}

internal sealed class ListTelegramGroupsHandler(
    IMessengerLinks links,
    IOrganizationRepository organizations,
    ICurrentActor actor
) : IQueryHandler<ListTelegramGroupsQuery, IReadOnlyList<Contracts.TelegramGroupLink>>
{
    public async Task<Result<IReadOnlyList<Contracts.TelegramGroupLink>>> Handle(
        ListTelegramGroupsQuery query,
        CancellationToken cancellationToken
    )
    {
        var allowed = actor.MayEdit(
            await organizations.FindAsync(query.OrganizationId, cancellationToken),
            query.OrganizationId
        );
        return allowed.IsSuccess
            ? Result<IReadOnlyList<Contracts.TelegramGroupLink>>.Success(
                await links.ListGroupsAsync(query.OrganizationId, cancellationToken)
            )
            : allowed.Error!;
    }
}

internal sealed class RemoveTelegramGroupHandler(
    IMessengerLinks links,
    IOrganizationRepository organizations,
    ICurrentActor actor
) : ICommandHandler<RemoveTelegramGroupCommand, Unit>
{
    public async Task<Result<Unit>> Handle(RemoveTelegramGroupCommand command, CancellationToken cancellationToken)
    {
        var allowed = actor.MayEdit(
            await organizations.FindAsync(command.OrganizationId, cancellationToken),
            command.OrganizationId
        );
        if (!allowed.IsSuccess)
        {
            return allowed.Error!;
        }

        return await links.RemoveGroupAsync(command.OrganizationId, command.LinkId, cancellationToken)
            ? Unit.Value
            : Error.NotFound("Telegram group link", command.LinkId);
    }
}

internal sealed class ListTelegramGroupLinksHandler(IMessengerLinks links)
    : IQueryHandler<ListTelegramGroupLinksQuery, IReadOnlyList<Contracts.TelegramGroupLink>>
{
    public async Task<Result<IReadOnlyList<Contracts.TelegramGroupLink>>> Handle(
        ListTelegramGroupLinksQuery query,
        CancellationToken cancellationToken
    ) =>
        Result<IReadOnlyList<Contracts.TelegramGroupLink>>.Success(
            await links.ListGroupsAsync(query.OrganizationId, cancellationToken)
        );
}

internal sealed class RemoveTelegramGroupLinkHandler(IMessengerLinks links)
    : ICommandHandler<RemoveTelegramGroupLinkCommand, Unit>
{
    public async Task<Result<Unit>> Handle(
        RemoveTelegramGroupLinkCommand command,
        CancellationToken cancellationToken
    ) =>
        await links.RemoveGroupByChatAsync(command.ChatId, cancellationToken)
            ? Unit.Value
            : new Error(
                ErrorCodes.NotFound,
                $"Telegram group {command.ChatId.ToString(CultureInfo.InvariantCulture)} is not linked.",
                ErrorKind.NotFound
            );
}
