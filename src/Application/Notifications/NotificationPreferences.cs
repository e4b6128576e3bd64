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
public sealed record ReplaceMyNotificationPreferencesCommand(IReadOnlyList<NotificationChoice> Items)
    : ICommand<IReadOnlyList<Contracts.NotificationPreference>>;

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
    ICurrentActor actor
) : ICommandHandler<ReplaceMyNotificationPreferencesCommand, IReadOnlyList<Contracts.NotificationPreference>>
{
    public async Task<Result<IReadOnlyList<Contracts.NotificationPreference>>> Handle(
        ReplaceMyNotificationPreferencesCommand command,
        CancellationToken cancellationToken
    )
    {
        await preferences.ReplaceAsync(NotificationRecipient.Of(actor), command.Items, cancellationToken);
        return Result<IReadOnlyList<Contracts.NotificationPreference>>.Success(
            NotificationPreferenceTable.Of(command.Items)
        );
    }
}
