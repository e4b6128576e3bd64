namespace MakCrm.Domain.PersonalData;

/// <summary>
/// A personal-data leak in head office's register (152-ФЗ art. 21 part 3.1): when it was detected, what happened,
/// which data and how many people it touched, the window in which it happened, and the two notices to
/// Роскомнадзор — the first within 24 hours of detection, the results of the investigation within
/// 72 hours. A notice once recorded is corrected, never removed; the detection time never changes,
/// since both deadlines count from it.
/// </summary>
public sealed class PersonalDataIncident : AggregateRoot
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxDataKinds = 20;
    public const int MaxDataKindLength = 100;

    /// <summary>The first notice is due this long after detection.</summary>
    public static readonly TimeSpan InitialNoticeTerm = TimeSpan.FromHours(24);

    /// <summary>The notice with the investigation's results is due this long after detection.</summary>
    public static readonly TimeSpan FollowUpTerm = TimeSpan.FromHours(72);

    /// <summary>Head office is reminded of a notice not yet sent this long before it is due.</summary>
    public static readonly TimeSpan ReminderLead = TimeSpan.FromHours(6);

    private PersonalDataIncident() { }

    private PersonalDataIncident(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public DateTimeOffset DetectedAt { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string? Assessment { get; private set; }

    public DateTimeOffset WindowFrom { get; private set; }

    public DateTimeOffset WindowTo { get; private set; }

    public List<string> DataKinds { get; private set; } = [];

    public int? AffectedSubjects { get; private set; }

    public DateTimeOffset? InitialNoticeSentAt { get; private set; }

    public DateTimeOffset? FollowUpSentAt { get; private set; }

    /// <summary>When head office was reminded of the first notice; <c>null</c> until then.</summary>
    public DateTimeOffset? InitialReminderSentAt { get; private set; }

    /// <summary>When head office was reminded of the follow-up notice; <c>null</c> until then.</summary>
    public DateTimeOffset? FollowUpReminderSentAt { get; private set; }

    /// <summary>When head office is to be reminded next: <see cref="ReminderLead"/> before the first notice not sent
    /// and not reminded of; <c>null</c> when no reminder is left. Kept as a column for the reminder worker's
    /// claim.</summary>
    public DateTimeOffset? RemindAt { get; private set; }

    public DateTimeOffset InitialNoticeDueAt => DetectedAt + InitialNoticeTerm;

    public DateTimeOffset FollowUpDueAt => DetectedAt + FollowUpTerm;

    public IncidentFindings Findings =>
        new(Title, Description, Assessment, WindowFrom, WindowTo, DataKinds, AffectedSubjects);

    public IncidentNotices Notices => new(InitialNoticeSentAt, FollowUpSentAt);

    /// <summary>An incident as detected; its instants are in UTC to the microsecond, as PostgreSQL keeps
    /// them.</summary>
    public static PersonalDataIncident Record(
        Guid id,
        DateTimeOffset detectedAt,
        IncidentFindings findings,
        DateTimeOffset now
    )
    {
        var recorded = new PersonalDataIncident(id, now) { DetectedAt = detectedAt };
        recorded.Apply(Normalized(findings), new IncidentNotices(null, null));
        return recorded;
    }

    /// <summary>Applies what the investigation learnt and the notices sent; a change that changes nothing keeps the
    /// version.</summary>
    public void Update(IncidentFindings findings, IncidentNotices notices, DateTimeOffset now)
    {
        var normalized = Normalized(findings);
        if (normalized.Equals(Findings) && notices == Notices)
        {
            return;
        }

        Apply(normalized, notices);
        Touch(now);
    }

    /// <summary>The notice head office is reminded of next, or <c>null</c> when none is left to remind of.</summary>
    public IncidentNotice? NoticeToRemindOf =>
        InitialNoticeSentAt is null && InitialReminderSentAt is null ? IncidentNotice.Initial
        : FollowUpSentAt is null && FollowUpReminderSentAt is null ? IncidentNotice.FollowUp
        : null;

    /// <summary>When the notice is due.</summary>
    public DateTimeOffset DueAt(IncidentNotice notice) =>
        notice == IncidentNotice.Initial ? InitialNoticeDueAt : FollowUpDueAt;

    /// <summary>Head office was reminded of <see cref="NoticeToRemindOf"/>; the next reminder is armed. The reminders
    /// are not part of the incident as the API answers it, so its version stays: a cabinet's <c>If-Match</c> in flight
    /// is not refused because a reminder went out.</summary>
    public void MarkReminded(DateTimeOffset now)
    {
        if (NoticeToRemindOf == IncidentNotice.Initial)
        {
            InitialReminderSentAt = now;
        }
        else
        {
            FollowUpReminderSentAt = now;
        }

        RemindAt = NextReminder();
    }

    /// <summary>Where a notice stands against its deadline at <paramref name="now"/>.</summary>
    public static IncidentDeadlineStatus StatusOf(DateTimeOffset dueAt, DateTimeOffset? sentAt, DateTimeOffset now) =>
        sentAt is { } sent ? (sent <= dueAt ? IncidentDeadlineStatus.Met : IncidentDeadlineStatus.Missed)
        : now <= dueAt ? IncidentDeadlineStatus.Due
        : IncidentDeadlineStatus.Overdue;

    private static IncidentFindings Normalized(IncidentFindings findings) =>
        findings with
        {
            Title = TextNormalizer.Collapse(findings.Title),
            Description = findings.Description.Trim(),
            Assessment = string.IsNullOrWhiteSpace(findings.Assessment) ? null : findings.Assessment.Trim(),
            DataKinds = [.. findings.DataKinds.Select(k => k.Trim()).Distinct(StringComparer.Ordinal)],
        };

    private void Apply(IncidentFindings findings, IncidentNotices notices)
    {
        Title = findings.Title;
        Description = findings.Description;
        Assessment = findings.Assessment;
        WindowFrom = findings.WindowFrom;
        WindowTo = findings.WindowTo;
        DataKinds = [.. findings.DataKinds];
        AffectedSubjects = findings.AffectedSubjects;
        InitialNoticeSentAt = notices.InitialNoticeSentAt;
        FollowUpSentAt = notices.FollowUpSentAt;
        RemindAt = NextReminder();
    }

    private DateTimeOffset? NextReminder() => NoticeToRemindOf is { } notice ? DueAt(notice) - ReminderLead : null;
}

/// <summary>The two notices to Роскомнадзор.</summary>
public enum IncidentNotice
{
    /// <summary>The first notice, within 24 hours of detection.</summary>
    Initial,

    /// <summary>The investigation's results, within 72 hours.</summary>
    FollowUp,
}

/// <summary>What is known of an incident: it changes as the investigation goes on.</summary>
public sealed record IncidentFindings(
    string Title,
    string Description,
    string? Assessment,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    IReadOnlyList<string> DataKinds,
    int? AffectedSubjects
)
{
    public bool Equals(IncidentFindings? other) =>
        other is not null
        && (Title, Description, Assessment, WindowFrom, WindowTo, AffectedSubjects)
            == (
                other.Title,
                other.Description,
                other.Assessment,
                other.WindowFrom,
                other.WindowTo,
                other.AffectedSubjects
            )
        && DataKinds.SequenceEqual(other.DataKinds);

    public override int GetHashCode() => HashCode.Combine(Title, WindowFrom, WindowTo);
}

/// <summary>When the two notices to Роскомнадзор were sent.</summary>
public sealed record IncidentNotices(DateTimeOffset? InitialNoticeSentAt, DateTimeOffset? FollowUpSentAt);

/// <summary>Where a notice stands against its deadline.</summary>
public enum IncidentDeadlineStatus
{
    /// <summary>Not sent, the deadline ahead.</summary>
    Due,

    /// <summary>Not sent, the deadline passed.</summary>
    Overdue,

    /// <summary>Sent by the deadline.</summary>
    Met,

    /// <summary>Sent after the deadline.</summary>
    Missed,
}
