using MakCrm.Domain.Calendars;
using MakCrm.Domain.Consents;
using MakCrm.Domain.Organizations;

namespace MakCrm.Domain.SubjectRequests;

/// <summary>What a person asks of the operator about their personal data (152-ФЗ art. 14, 20, 21, 9
/// part 2).</summary>
public enum SubjectRequestKind
{
    /// <summary>Whether and how their data is processed, and a copy of it.</summary>
    Access,
    Correction,

    /// <summary>Blocking: processing stops while the request is dealt with.</summary>
    Restriction,
    Destruction,
    ConsentWithdrawal,
}

/// <summary>Where a request came in.</summary>
public enum SubjectRequestChannel
{
    Cabinet,
    Bot,
    HeadOffice,
}

/// <summary>Where a request stands; answered and refused requests are closed by head office.</summary>
public enum SubjectRequestStatus
{
    Received,
    Verified,
    Extended,
    Answered,
    Refused,
    Closed,
}

/// <summary>How the person who asks was shown to be the person on record.</summary>
public enum SubjectVerificationMethod
{
    /// <summary>A one-time code sent to the e-mail on record was given back.</summary>
    EmailCode,

    /// <summary>A one-time code sent by SMS to the phone on record was given back.</summary>
    PhoneCode,

    /// <summary>Head office attests a signed paper request, whose scan is in the document store.</summary>
    Paper,
}

/// <summary>
/// A person's request about their personal data, on the legal clock: the answer is due 10 working days after the
/// request was received, once extendable by 5 working days with a reasoned notice. Nothing is answered before the
/// person is verified: an answer sent to the wrong person is itself a leak. The dates are head office's (Moscow)
/// calendar days; the reminder instant is when head office is told the deadline nears.
/// </summary>
public sealed class SubjectRequest : AggregateRoot, IOrganizationOwned
{
    public const int MaxTextLength = 4000;
    public const int MaxReasonLength = 1000;

    /// <summary>Working days to answer in (152-ФЗ art. 14 part 3, art. 20).</summary>
    public const int AnswerTerm = 10;

    /// <summary>Working days the term may be extended by, once, with a reason.</summary>
    public const int ExtensionTerm = 5;

    private SubjectRequest() { }

    private SubjectRequest(Guid id, DateTimeOffset now)
        : base(id, now) { }

    /// <summary>The organization whose client the person is: whose cabinet sees the request.</summary>
    public Guid OrganizationId { get; private set; }

    /// <summary>A request names its client, whose rows already block the purge; the foreign key refuses the
    /// rest.</summary>
    public static PurgeRule Purge => PurgeRule.LeftToTheDatabase;

    public Guid ClientId { get; private set; }

    public SubjectRequestKind Kind { get; private set; }

    public SubjectRequestChannel Channel { get; private set; }

    public string? Details { get; private set; }

    /// <summary>For a <see cref="SubjectRequestKind.ConsentWithdrawal"/>, the purposes whose consents it withdraws;
    /// empty for the other kinds.</summary>
    public ConsentPurpose[] Purposes { get; private set; } = [];

    public SubjectRequestStatus Status { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateOnly DueOn { get; private set; }

    public DateTimeOffset RemindAt { get; private set; }

    public DateTimeOffset? ReminderSentAt { get; private set; }

    public SubjectVerificationMethod? VerificationMethod { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public Guid? VerificationDocumentId { get; private set; }

    public string? ExtensionReason { get; private set; }

    public DateTimeOffset? ExtendedAt { get; private set; }

    public string? Answer { get; private set; }

    public Guid? AnswerDocumentId { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public string? RefusalReason { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public Guid? RegisteredByUserId { get; private set; }

    public bool IsOpen =>
        Status is SubjectRequestStatus.Received or SubjectRequestStatus.Verified or SubjectRequestStatus.Extended;

    public static SubjectRequest Register(
        Guid id,
        Guid clientId,
        Guid organizationId,
        SubjectRequestKind kind,
        IReadOnlyCollection<ConsentPurpose> purposes,
        SubjectRequestChannel channel,
        string? details,
        Guid? registeredByUserId,
        SubjectRequestClock clock,
        DateTimeOffset now
    )
    {
        var dueOn = clock.Calendar.AddWorkingDays(clock.DayOf(now), AnswerTerm);
        return new(id, now)
        {
            ClientId = clientId,
            OrganizationId = organizationId,
            Kind = kind,
            Purposes = [.. purposes.Distinct().Order()],
            Channel = channel,
            Details = string.IsNullOrWhiteSpace(details) ? null : details.Trim(),
            Status = SubjectRequestStatus.Received,
            ReceivedAt = now,
            DueOn = dueOn,
            RemindAt = clock.RemindAt(dueOn),
            RegisteredByUserId = registeredByUserId,
        };
    }

    /// <summary>An open request whose person is not verified yet (extended or not).</summary>
    public Result<Unit> CanBeVerified() =>
        Check(
            new SubjectRequestMustBe(this, "verified: it is decided or verified already", IsOpen && VerifiedAt is null)
        );

    /// <summary>An open request whose person is verified: nothing is answered to somebody unverified.</summary>
    public Result<Unit> CanBeAnswered() =>
        Check(
            new SubjectRequestMustBe(
                this,
                "answered: it is decided, or its person is not verified yet",
                IsOpen && VerifiedAt is not null
            )
        );

    /// <summary>The person is who they say: by a code given back, or by head office attesting a paper
    /// request.</summary>
    public Result<Unit> Verify(SubjectVerificationMethod method, Guid? documentId, DateTimeOffset now)
    {
        var allowed = CanBeVerified();
        if (allowed.IsSuccess)
        {
            VerificationMethod = method;
            VerificationDocumentId = documentId;
            VerifiedAt = now;
            Status = Status == SubjectRequestStatus.Received ? SubjectRequestStatus.Verified : Status;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Extends the term once by 5 working days from the current deadline, with the reason the person is
    /// told; the reminder is armed again for the new deadline.</summary>
    public Result<Unit> Extend(string reason, SubjectRequestClock clock, DateTimeOffset now)
    {
        var allowed = Check(
            new SubjectRequestMustBe(
                this,
                "extended: it is decided or was extended once already",
                IsOpen && ExtendedAt is null
            )
        );
        if (allowed.IsSuccess)
        {
            ExtensionReason = reason.Trim();
            ExtendedAt = now;
            DueOn = clock.Calendar.AddWorkingDays(DueOn, ExtensionTerm);
            RemindAt = clock.RemindAt(DueOn);
            ReminderSentAt = null;
            Status = SubjectRequestStatus.Extended;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>The answer given to the verified person (for an access request, the archive of their data).</summary>
    public Result<Unit> Respond(string answer, Guid? documentId, DateTimeOffset now)
    {
        var allowed = CanBeAnswered();
        if (allowed.IsSuccess)
        {
            Answer = answer.Trim();
            AnswerDocumentId = documentId;
            AnsweredAt = now;
            Status = SubjectRequestStatus.Answered;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>
    /// How the person withdrew the consents this request withdraws, as the consents record it: the signed paper and
    /// its scan when head office attested one, else the channel the request came in by (the bot, or a form in a
    /// cabinet or at head office).
    /// </summary>
    public (ConsentSource Source, Guid? DocumentId) ConsentWithdrawalSource =>
        VerificationMethod == SubjectVerificationMethod.Paper ? (ConsentSource.PaperScan, VerificationDocumentId)
        : Channel == SubjectRequestChannel.Bot ? (ConsentSource.Bot, null)
        : (ConsentSource.Form, null);

    /// <summary>A reasoned refusal (the person could not be verified, the request is unfounded).</summary>
    public Result<Unit> Refuse(string reason, DateTimeOffset now)
    {
        var allowed = Check(new SubjectRequestMustBe(this, "refused", IsOpen));
        if (allowed.IsSuccess)
        {
            RefusalReason = reason.Trim();
            AnsweredAt = now;
            Status = SubjectRequestStatus.Refused;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Closes an answered or refused request: nothing more is owed on it.</summary>
    public Result<Unit> Close(DateTimeOffset now)
    {
        var allowed = Check(
            new SubjectRequestMustBe(
                this,
                "closed",
                Status is SubjectRequestStatus.Answered or SubjectRequestStatus.Refused
            )
        );
        if (allowed.IsSuccess)
        {
            ClosedAt = now;
            Status = SubjectRequestStatus.Closed;
            Touch(now);
        }

        return allowed;
    }

    /// <summary>Head office was reminded of the deadline; a change racing this one is refused by the version.</summary>
    public void MarkReminderSent(DateTimeOffset now)
    {
        ReminderSentAt = now;
        Touch(now);
    }
}

/// <summary>The working-day calendar and head office's day, as the request's clock counts them.</summary>
/// <param name="ReminderLead">Working days before the deadline on which head office is reminded.</param>
public sealed record SubjectRequestClock(WorkingDayCalendar Calendar, int ReminderLead)
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    /// <summary>The Moscow calendar day of an instant.</summary>
    public DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Moscow).DateTime);

    /// <summary>The start (09:00 Moscow) of the working day <see cref="ReminderLead"/> days before the
    /// deadline.</summary>
    public DateTimeOffset RemindAt(DateOnly dueOn)
    {
        var day = Calendar.SubtractWorkingDays(dueOn, ReminderLead);
        return new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), Moscow).ToUniversalTime();
    }
}

/// <summary>A step is only taken from the states that allow it.</summary>
public sealed record SubjectRequestMustBe(SubjectRequest Request, string Step, bool Allowed) : IBusinessRule
{
    public bool IsBroken() => !Allowed;

    public Error Error =>
        new(
            ErrorCodes.SubjectRequestState,
            $"A request in status {SnakeCaseNames<SubjectRequestStatus>.Of(Request.Status)} cannot be {Step}.",
            ErrorKind.Conflict
        );
}
