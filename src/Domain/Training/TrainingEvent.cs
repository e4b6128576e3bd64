using MakCrm.Domain.Knowledge;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.Training;

public enum TrainingEventFormat
{
    Online,
    Offline,
}

public enum AttendanceSource
{
    /// <summary>Head office marked the learner present.</summary>
    Organiser,

    /// <summary>The learner checked in with the event's code.</summary>
    CheckIn,
}

/// <summary>When and where an event takes place.</summary>
public sealed record TrainingEventWhen(
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    TrainingEventFormat Format,
    string? Place,
    string? Url
);

/// <summary>What head office sets on an event.</summary>
public sealed record TrainingEventContent(
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    TrainingEventFormat Format,
    string? Place,
    string? Url,
    int Capacity,
    Visibility Audience,
    bool RegistrationOpen
);

/// <summary>An event ends after it starts.</summary>
public sealed class EventEndsAfterItStarts(DateTimeOffset startsAt, DateTimeOffset endsAt) : IBusinessRule
{
    public bool IsBroken() => endsAt <= startsAt;

    public Error Error => Error.Validation("endsAt", "Must be after startsAt.");
}

/// <summary>An online event has its https link; an offline one its place.</summary>
public sealed class EventFormatHasItsWhere(TrainingEventFormat format, string? place, string? url) : IBusinessRule
{
    public bool IsBroken() =>
        format == TrainingEventFormat.Online ? string.IsNullOrWhiteSpace(url) : string.IsNullOrWhiteSpace(place);

    public Error Error =>
        format == TrainingEventFormat.Online
            ? Error.Validation("url", "An online event needs its https link.")
            : Error.Validation("place", "An offline event needs its place.");
}

/// <summary>
/// A training event (a webinar, a meeting): its time, format, capacity and audience; learners register while
/// registration is open and places are left, and attend (marked by head office or by the check-in code).
/// </summary>
public sealed class TrainingEvent : AggregateRoot
{
    public const int MaxTitleLength = 300;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxPlaceLength = 500;
    public const int MaxUrlLength = 2000;
    public const int MaxCapacity = 100_000;

    private TrainingEvent() { }

    private TrainingEvent(Guid id, DateTimeOffset now)
        : base(id, now) { }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public TrainingEventFormat Format { get; private set; }

    public string? Place { get; private set; }

    public string? Url { get; private set; }

    public int Capacity { get; private set; }

    public List<string> AudienceRoles { get; private set; } = [];

    public List<string> AudienceKinds { get; private set; } = [];

    public bool RegistrationOpen { get; private set; }

    /// <summary>The code a registered learner checks in with (shown to head office only).</summary>
    public string CheckInCode { get; private set; } = "";

    public static Result<TrainingEvent> Create(
        Guid id,
        TrainingEventContent content,
        string checkInCode,
        DateTimeOffset now
    )
    {
        var valid = Check(
            new EventEndsAfterItStarts(content.StartsAt, content.EndsAt),
            new EventFormatHasItsWhere(content.Format, content.Place, content.Url)
        );
        if (!valid.IsSuccess)
        {
            return valid.Error!;
        }

        var trainingEvent = new TrainingEvent(id, now) { CheckInCode = checkInCode };
        trainingEvent.Apply(content);
        return trainingEvent;
    }

    public Result<Unit> Update(TrainingEventContent content, DateTimeOffset now)
    {
        var valid = Check(
            new EventEndsAfterItStarts(content.StartsAt, content.EndsAt),
            new EventFormatHasItsWhere(content.Format, content.Place, content.Url)
        );
        if (!valid.IsSuccess)
        {
            return valid;
        }

        var before = (
            Title,
            Description,
            StartsAt,
            EndsAt,
            Format,
            Place,
            Url,
            Capacity,
            RegistrationOpen,
            Roles: string.Join(',', AudienceRoles),
            Kinds: string.Join(',', AudienceKinds)
        );
        Apply(content);
        if (
            before
            != (
                Title,
                Description,
                StartsAt,
                EndsAt,
                Format,
                Place,
                Url,
                Capacity,
                RegistrationOpen,
                string.Join(',', AudienceRoles),
                string.Join(',', AudienceKinds)
            )
        )
        {
            Touch(now);
        }

        return Unit.Value;
    }

    /// <summary>Where and when the event is, as its registrants know it: a change of any of these moves the event for
    /// them.</summary>
    public TrainingEventWhen When => new(StartsAt, EndsAt, Format, Place, Url);

    /// <summary>Head office calls the event off: it leaves every list, read and calendar (its registrations stay as
    /// they were).</summary>
    public void Cancel(DateTimeOffset now) => MarkDeleted(now);

    private void Apply(TrainingEventContent content)
    {
        var audience = content.Audience.Normalized();
        Title = TextNormalizer.Collapse(content.Title);
        Description = KnowledgeText.Clean(content.Description);
        StartsAt = content.StartsAt;
        EndsAt = content.EndsAt;
        Format = content.Format;
        Place = string.IsNullOrWhiteSpace(content.Place) ? null : TextNormalizer.Collapse(content.Place);
        Url = string.IsNullOrWhiteSpace(content.Url) ? null : content.Url;
        Capacity = content.Capacity;
        AudienceRoles = [.. audience.Roles];
        AudienceKinds = [.. audience.OrganizationKinds];
        RegistrationOpen = content.RegistrationOpen;
    }
}

/// <summary>
/// A learner's registration for an event. Cancelling deletes the row (a registration is a seat, not a history); a
/// unique index keeps one per user and event. Attendance is recorded on it once.
/// </summary>
public sealed class EventRegistration : IOrganizationOwned
{
    private EventRegistration() { }

    public Guid Id { get; private set; }

    public Guid EventId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid OrganizationId { get; private set; }

    public static PurgeRule Purge => PurgeRule.GoesWithOrganization;

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? AttendedAt { get; private set; }

    public AttendanceSource? AttendedVia { get; private set; }

    public static EventRegistration Of(Guid id, Guid eventId, Guid userId, Guid organizationId, DateTimeOffset now) =>
        new()
        {
            Id = id,
            EventId = eventId,
            UserId = userId,
            OrganizationId = organizationId,
            RegisteredAt = now,
        };

    /// <summary>Records attendance the first time; returns whether this call recorded it.</summary>
    public bool Attend(AttendanceSource via, DateTimeOffset now)
    {
        if (AttendedAt is not null)
        {
            return false;
        }

        AttendedAt = now;
        AttendedVia = via;
        return true;
    }
}
