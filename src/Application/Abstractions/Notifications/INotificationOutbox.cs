using MakCrm.Domain.Notifications;

namespace MakCrm.Application.Abstractions.Notifications;

/// <summary>
/// Notifies users from inside a command: the notification (and its e-mail, if the recipient wants one) is written by
/// the command's own unit of work, so it exists exactly when the change that caused it commits (no separate save,
/// nothing sent for a rolled-back change). Each recipient's preferences decide the channels
/// (<see cref="NotificationPreference.DefaultOn"/> where they chose nothing); the preferences of all the drafts'
/// recipients are read in one query.
/// </summary>
public interface INotificationOutbox
{
    Task AddAsync(IReadOnlyCollection<NotificationDraft> drafts, CancellationToken cancellationToken);
}

public static class NotificationOutboxExtensions
{
    public static Task AddAsync(
        this INotificationOutbox outbox,
        NotificationDraft draft,
        CancellationToken cancellationToken
    ) => outbox.AddAsync([draft], cancellationToken);
}

/// <summary>What a feature wants to tell a user; the outbox stamps the id and the time.</summary>
/// <param name="MailedSeparately">
/// The feature writes its own, fuller e-mail about this (a registration decision's letter), so the outbox sends none.
/// </param>
public sealed record NotificationDraft(
    Guid RecipientUserId,
    Guid OrganizationId,
    NotificationKind Kind,
    string Title,
    string? Body = null,
    NotificationSubjectType? SubjectType = null,
    Guid? SubjectId = null,
    bool MailedSeparately = false
);

/// <summary>The preferences store: what users chose, read for many recipients at once.</summary>
public interface INotificationPreferenceStore
{
    /// <summary>
    /// For each of the users that exists: its e-mail address and the choices it stored for the kind — one query
    /// whatever the number of users.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, RecipientChoices>> ForRecipientsAsync(
        NotificationKind kind,
        IReadOnlyCollection<Guid> userIds,
        CancellationToken cancellationToken
    );

    /// <summary>Every choice the user stored.</summary>
    Task<IReadOnlyList<NotificationChoice>> ForUserAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>Replaces the user's stored choices with these (in the unit of work's transaction).</summary>
    Task ReplaceAsync(Guid userId, IReadOnlyList<NotificationChoice> choices, CancellationToken cancellationToken);
}

public sealed record NotificationChoice(NotificationKind Kind, NotificationChannel Channel, bool Enabled);

/// <summary>A recipient's address and the channels it chose for one kind (the others follow the defaults).</summary>
public sealed record RecipientChoices(string? Email, IReadOnlyDictionary<NotificationChannel, bool> Chosen)
{
    public bool IsOn(NotificationKind kind, NotificationChannel channel) =>
        Chosen.TryGetValue(channel, out var enabled) ? enabled : NotificationPreference.DefaultOn(kind, channel);
}
