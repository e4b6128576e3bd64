using MakCrm.Application.Common;
using MakCrm.Application.Training;
using MakCrm.Domain.Training;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

public sealed record Course(
    Guid Id, string Title, string Description, CourseStatus Status, IReadOnlyList<string> AudienceRoles, IReadOnlyList<string> AudienceKinds,
    IReadOnlyList<string> RequiredFor, int Position, bool Required, int LessonCount, int CompletedLessons, int ProgressPercent,
    DateTimeOffset? PublishedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static Course From(CourseDto c) => new(
        c.Id, c.Title, c.Description, c.Status, c.AudienceRoles, c.AudienceKinds, c.RequiredFor, c.Position, c.Required, c.LessonCount,
        c.CompletedLessons, c.ProgressPercent, c.PublishedAt, c.CreatedAt, c.UpdatedAt, c.Version);
}

public sealed record CourseList(IReadOnlyList<Course> Items)
{
    public static CourseList From(IReadOnlyList<CourseDto> courses) => new(courses.Select(Course.From).ToList());
}

public sealed record CourseLesson(
    Guid Id, Guid CourseId, string Title, LessonKind Kind, Guid? ArticleId, Guid? VideoDocumentId, string? VideoUrl, IReadOnlyList<Guid> DocumentIds,
    string? Text, int Position, DateTimeOffset? CompletedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static CourseLesson From(LessonDto l) => new(
        l.Id, l.CourseId, l.Title, l.Kind, l.ArticleId, l.VideoDocumentId, l.VideoUrl, l.DocumentIds, l.Text, l.Position, l.CompletedAt,
        l.CreatedAt, l.UpdatedAt, l.Version);
}

public sealed record CourseAssignment(
    Guid Id, Guid CourseId, string Title, string Instructions, int? DueDays, DateOnly? DueOn, int MaxPoints, int Position,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static CourseAssignment From(AssignmentDto a) => new(
        a.Id, a.CourseId, a.Title, a.Instructions, a.DueDays, a.DueOn, a.MaxPoints, a.Position, a.CreatedAt, a.UpdatedAt, a.Version);
}

public sealed record CourseDetail(Course Course, IReadOnlyList<CourseLesson> Lessons, IReadOnlyList<CourseAssignment> Assignments)
{
    public static CourseDetail From(CourseDetailDto d) =>
        new(Course.From(d.Course), d.Lessons.Select(CourseLesson.From).ToList(), d.Assignments.Select(CourseAssignment.From).ToList());
}

public sealed record LessonCompletion(Guid CourseId, Guid LessonId, Guid UserId, DateTimeOffset CompletedAt)
{
    public static LessonCompletion From(LessonCompletionDto c) => new(c.CourseId, c.LessonId, c.UserId, c.CompletedAt);
}

public sealed record CreateCourseRequest
{
    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public CourseStatus Status { get; init; } = CourseStatus.Draft;

    public IReadOnlyList<string> AudienceRoles { get; init; } = [];

    public IReadOnlyList<string> AudienceKinds { get; init; } = [];

    public IReadOnlyList<string> RequiredFor { get; init; } = [];

    public int Position { get; init; }

    public CreateCourseCommand ToCommand() => new(Title, Description, Status, AudienceRoles, AudienceKinds, RequiredFor, Position);
}

public sealed record UpdateCourseRequest
{
    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public CourseStatus Status { get; init; }

    public IReadOnlyList<string> AudienceRoles { get; init; } = [];

    public IReadOnlyList<string> AudienceKinds { get; init; } = [];

    public IReadOnlyList<string> RequiredFor { get; init; } = [];

    public int Position { get; init; }

    public static UpdateCourseCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateCourseRequest> body)
    {
        var patch = body.Value;
        return new UpdateCourseCommand(
            id, ifMatch, body.Field("title", patch.Title), body.Field("description", patch.Description), body.Field("status", patch.Status),
            body.Field("audienceRoles", patch.AudienceRoles), body.Field("audienceKinds", patch.AudienceKinds), body.Field("requiredFor", patch.RequiredFor),
            body.Field("position", patch.Position));
    }
}

public sealed record CreateCourseLessonRequest
{
    public required string Title { get; init; }

    public required LessonKind Kind { get; init; }

    public Guid? ArticleId { get; init; }

    public Guid? VideoDocumentId { get; init; }

    public string? VideoUrl { get; init; }

    public IReadOnlyList<Guid> DocumentIds { get; init; } = [];

    public string? Text { get; init; }

    public int Position { get; init; }

    public AddLessonCommand ToCommand(Guid courseId) => new(courseId, Title, Kind, ArticleId, VideoDocumentId, VideoUrl, DocumentIds, Text, Position);
}

public sealed record UpdateCourseLessonRequest
{
    public string Title { get; init; } = "";

    public LessonKind Kind { get; init; }

    public Guid? ArticleId { get; init; }

    public Guid? VideoDocumentId { get; init; }

    public string? VideoUrl { get; init; }

    public IReadOnlyList<Guid> DocumentIds { get; init; } = [];

    public string? Text { get; init; }

    public int Position { get; init; }

    public static UpdateLessonCommand ToCommand(Guid courseId, Guid lessonId, VersionCheck ifMatch, JsonBody<UpdateCourseLessonRequest> body)
    {
        var patch = body.Value;
        return new UpdateLessonCommand(
            courseId, lessonId, ifMatch, body.Field("title", patch.Title), body.Field("kind", patch.Kind), body.Field("articleId", patch.ArticleId),
            body.Field("videoDocumentId", patch.VideoDocumentId), body.Field("videoUrl", patch.VideoUrl), body.Field("documentIds", patch.DocumentIds),
            body.Field("text", patch.Text), body.Field("position", patch.Position));
    }
}

public sealed record CreateCourseAssignmentRequest
{
    public required string Title { get; init; }

    public required string Instructions { get; init; }

    public int? DueDays { get; init; }

    public DateOnly? DueOn { get; init; }

    public required int MaxPoints { get; init; }

    public int Position { get; init; }

    public AddAssignmentCommand ToCommand(Guid courseId) => new(courseId, Title, Instructions, DueDays, DueOn, MaxPoints, Position);
}

public sealed record UpdateCourseAssignmentRequest
{
    public string Title { get; init; } = "";

    public string Instructions { get; init; } = "";

    public int? DueDays { get; init; }

    public DateOnly? DueOn { get; init; }

    public int MaxPoints { get; init; }

    public int Position { get; init; }

    public static UpdateAssignmentCommand ToCommand(Guid courseId, Guid assignmentId, VersionCheck ifMatch, JsonBody<UpdateCourseAssignmentRequest> body)
    {
        var patch = body.Value;
        return new UpdateAssignmentCommand(
            courseId, assignmentId, ifMatch, body.Field("title", patch.Title), body.Field("instructions", patch.Instructions), body.Field("dueDays", patch.DueDays),
            body.Field("dueOn", patch.DueOn), body.Field("maxPoints", patch.MaxPoints), body.Field("position", patch.Position));
    }
}

public sealed record HomeworkSubmission(
    Guid Id, Guid CourseId, Guid AssignmentId, Guid UserId, Guid OrganizationId, int Attempt, string Text, IReadOnlyList<Guid> DocumentIds,
    SubmissionStatus Status, DateTimeOffset SubmittedAt, DateTimeOffset? DueAt, bool Late, int? Points, string? Feedback, Guid? ReviewedByUserId,
    DateTimeOffset? ReviewedAt, int Version)
{
    public static HomeworkSubmission From(SubmissionDto s) => new(
        s.Id, s.CourseId, s.AssignmentId, s.UserId, s.OrganizationId, s.Attempt, s.Text, s.DocumentIds, s.Status, s.SubmittedAt, s.DueAt, s.Late,
        s.Points, s.Feedback, s.ReviewedByUserId, s.ReviewedAt, s.Version);
}

public sealed record HomeworkSubmissionPage(IReadOnlyList<HomeworkSubmission> Items, string? NextCursor)
{
    public static HomeworkSubmissionPage From(Page<SubmissionDto> page) => new(page.Items.Select(HomeworkSubmission.From).ToList(), page.NextCursor);
}

public sealed record SubmitHomeworkRequest
{
    public string? Text { get; init; }

    public IReadOnlyList<Guid> DocumentIds { get; init; } = [];

    public SubmitHomeworkCommand ToCommand(Guid courseId, Guid assignmentId) => new(courseId, assignmentId, Text, DocumentIds);
}

public sealed record DecideHomeworkRequest
{
    public required HomeworkDecision Decision { get; init; }

    public int? Points { get; init; }

    public string? Feedback { get; init; }

    public DecideHomeworkCommand ToCommand(Guid id) => new(id, Decision, Points, Feedback);
}

public sealed record TrainingEvent(
    Guid Id, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, TrainingEventFormat Format, string? Place, string? Url,
    int Capacity, int RegisteredCount, IReadOnlyList<string> AudienceRoles, IReadOnlyList<string> AudienceKinds, bool RegistrationOpen,
    bool Registered, DateTimeOffset? AttendedAt, string? CheckInCode, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version)
{
    public static TrainingEvent From(TrainingEventDto e) => new(
        e.Id, e.Title, e.Description, e.StartsAt, e.EndsAt, e.Format, e.Place, e.Url, e.Capacity, e.RegisteredCount, e.AudienceRoles, e.AudienceKinds,
        e.RegistrationOpen, e.Registered, e.AttendedAt, e.CheckInCode, e.CreatedAt, e.UpdatedAt, e.Version);
}

public sealed record TrainingEventList(IReadOnlyList<TrainingEvent> Items)
{
    public static TrainingEventList From(IReadOnlyList<TrainingEventDto> events) => new(events.Select(TrainingEvent.From).ToList());
}

public sealed record TrainingEventRegistration(Guid EventId, Guid UserId, Guid OrganizationId, DateTimeOffset RegisteredAt, DateTimeOffset? AttendedAt, AttendanceSource? AttendedVia)
{
    public static TrainingEventRegistration From(EventRegistrationDto r) => new(r.EventId, r.UserId, r.OrganizationId, r.RegisteredAt, r.AttendedAt, r.AttendedVia);
}

public sealed record TrainingEventRegistrationList(IReadOnlyList<TrainingEventRegistration> Items)
{
    public static TrainingEventRegistrationList From(IReadOnlyList<EventRegistrationDto> registrations) => new(registrations.Select(TrainingEventRegistration.From).ToList());
}

public sealed record EventAttendance(Guid EventId, Guid UserId, DateTimeOffset AttendedAt, AttendanceSource Via)
{
    public static EventAttendance From(EventAttendanceDto a) => new(a.EventId, a.UserId, a.AttendedAt, a.Via);
}

public sealed record CreateTrainingEventRequest
{
    public required string Title { get; init; }

    public string Description { get; init; } = "";

    public required DateTimeOffset StartsAt { get; init; }

    public required DateTimeOffset EndsAt { get; init; }

    public required TrainingEventFormat Format { get; init; }

    public string? Place { get; init; }

    public string? Url { get; init; }

    public required int Capacity { get; init; }

    public IReadOnlyList<string> AudienceRoles { get; init; } = [];

    public IReadOnlyList<string> AudienceKinds { get; init; } = [];

    public bool RegistrationOpen { get; init; } = true;

    public CreateTrainingEventCommand ToCommand() =>
        new(Title, Description, StartsAt, EndsAt, Format, Place, Url, Capacity, AudienceRoles, AudienceKinds, RegistrationOpen);
}

public sealed record UpdateTrainingEventRequest
{
    public string Title { get; init; } = "";

    public string Description { get; init; } = "";

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset EndsAt { get; init; }

    public TrainingEventFormat Format { get; init; }

    public string? Place { get; init; }

    public string? Url { get; init; }

    public int Capacity { get; init; }

    public IReadOnlyList<string> AudienceRoles { get; init; } = [];

    public IReadOnlyList<string> AudienceKinds { get; init; } = [];

    public bool RegistrationOpen { get; init; }

    public static UpdateTrainingEventCommand ToCommand(Guid id, VersionCheck ifMatch, JsonBody<UpdateTrainingEventRequest> body)
    {
        var patch = body.Value;
        return new UpdateTrainingEventCommand(
            id, ifMatch, body.Field("title", patch.Title), body.Field("description", patch.Description), body.Field("startsAt", patch.StartsAt),
            body.Field("endsAt", patch.EndsAt), body.Field("format", patch.Format), body.Field("place", patch.Place), body.Field("url", patch.Url),
            body.Field("capacity", patch.Capacity), body.Field("audienceRoles", patch.AudienceRoles), body.Field("audienceKinds", patch.AudienceKinds),
            body.Field("registrationOpen", patch.RegistrationOpen));
    }
}

public sealed record CheckInRequest
{
    public required string Code { get; init; }
}
