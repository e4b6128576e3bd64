using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Notifications;

/// <summary>
/// A message to one user inside the CRM. Not an aggregate: it is a by-product of other changes (which are audited
/// themselves), and its only change is being read.
/// </summary>
public sealed class Notification : IOrganizationOwned
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 2000;

    private Notification() { }

    public Guid Id { get; private set; }

    public Guid RecipientUserId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public NotificationKind Kind { get; private set; }

    public string Title { get; private set; } = "";

    public string? Body { get; private set; }

    public NotificationSubjectType? SubjectType { get; private set; }

    public Guid? SubjectId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public static Notification Create(
        Guid id,
        Guid recipientUserId,
        Guid organizationId,
        NotificationKind kind,
        string title,
        string? body,
        NotificationSubjectType? subjectType,
        Guid? subjectId,
        DateTimeOffset now
    ) =>
        new()
        {
            Id = id,
            RecipientUserId = recipientUserId,
            OrganizationId = organizationId,
            Kind = kind,
            Title = Cut(title.Trim(), MaxTitleLength),
            Body = body is null ? null : Cut(body.Trim(), MaxBodyLength),
            SubjectType = subjectType,
            SubjectId = subjectId,
            CreatedAt = now,
        };

    /// <summary>Marks it read; reading it again keeps the first time.</summary>
    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
