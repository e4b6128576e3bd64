using MakCrm.Application.Abstractions.Notifications;
using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Notifications;

/// <summary>Every kind on every channel, in the order the kinds and channels are declared, with the user's choices
/// applied.</summary>
public static class NotificationPreferenceTable
{
    public static IReadOnlyList<Contracts.NotificationPreference> Of(IReadOnlyList<NotificationChoice> chosen)
    {
        var byKey = chosen.ToDictionary(c => (c.Kind, c.Channel), c => c.Enabled);
        return
        [
            .. from kind in Enum.GetValues<NotificationKind>()
            from channel in Enum.GetValues<NotificationChannel>()
            let made = byKey.ContainsKey((kind, channel))
            select new Contracts.NotificationPreference(
                kind,
                channel,
                made ? byKey[(kind, channel)] : NotificationPreference.DefaultOn(kind, channel),
                made
            ),
        ];
    }
}

public sealed record GetMyNotificationPreferencesQuery : IQuery<IReadOnlyList<Contracts.NotificationPreference>>;

internal sealed class GetMyNotificationPreferencesHandler(INotificationPreferenceStore preferences, ICurrentActor actor)
    : IQueryHandler<GetMyNotificationPreferencesQuery, IReadOnlyList<Contracts.NotificationPreference>>
{
    public async Task<Result<IReadOnlyList<Contracts.NotificationPreference>>> Handle(
        GetMyNotificationPreferencesQuery query,
        CancellationToken cancellationToken
    ) =>
        Result<IReadOnlyList<Contracts.NotificationPreference>>.Success(
            NotificationPreferenceTable.Of(
                await preferences.ForUserAsync(NotificationRecipient.Of(actor), cancellationToken)
            )
        );
}

/// <summary>Replaces the caller's choices: what is listed is stored, every other kind and channel goes back to its
/// default.</summary>
/// <remarks>With <c>If-Match</c> (the ETag the preferences were read with) a change made since, from another tab or
/// device, is a 412.</remarks>
public sealed record ReplaceMyNotificationPreferencesCommand(
    VersionCheck IfMatch,
    IReadOnlyList<NotificationChoice> Items
) : ICommand<IReadOnlyList<Contracts.NotificationPreference>>;

internal sealed class ReplaceMyNotificationPreferencesValidator
    : AbstractValidator<ReplaceMyNotificationPreferencesCommand>
{
    public ReplaceMyNotificationPreferencesValidator()
    {
        var most = Enum.GetValues<NotificationKind>().Length * Enum.GetValues<NotificationChannel>().Length;
        RuleFor(c => c.Items)
            .NotNull()
            .Must(items => items is null || items.Count <= most)
            .WithMessage($"Must hold at most {most} choices, one per kind and channel.");
        RuleForEach(c => c.Items)
            .ChildRules(item =>
            {
                item.RuleFor(i => i.Kind).IsInEnum().WithMessage("Must be a notification kind.");
                item.RuleFor(i => i.Channel).IsInEnum().WithMessage("Must be a notification channel.");
            });
        RuleForEach(c => c.Items)
            .Must(
                (command, item, context) =>
                    command.Items.Count(other => other.Kind == item.Kind && other.Channel == item.Channel) == 1
            )
            .WithMessage("Names a kind and channel that another item names too.");
    }
}

internal sealed class ReplaceMyNotificationPreferencesHandler(
    INotificationPreferenceStore preferences,
    IUserAdministration users,
    ICurrentActor actor
) : ICommandHandler<ReplaceMyNotificationPreferencesCommand, IReadOnlyList<Contracts.NotificationPreference>>
{
    public async Task<Result<IReadOnlyList<Contracts.NotificationPreference>>> Handle(
        ReplaceMyNotificationPreferencesCommand command,
        CancellationToken cancellationToken
    )
    {
        var recipient = NotificationRecipient.Of(actor);
        if (command.IfMatch.Present)
        {
            await users.LockAsync(recipient, cancellationToken);
            var current = NotificationPreferenceTable.Of(await preferences.ForUserAsync(recipient, cancellationToken));
            var precondition = command.IfMatch.IfPresent(ContentTag.Of(current));
            if (!precondition.IsSuccess)
            {
                return precondition.Error!;
            }
        }

        await preferences.ReplaceAsync(recipient, command.Items, cancellationToken);
        return Result<IReadOnlyList<Contracts.NotificationPreference>>.Success(
            NotificationPreferenceTable.Of(command.Items)
        );
    }
}
