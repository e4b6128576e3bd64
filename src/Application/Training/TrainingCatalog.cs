using MakCrm.Domain.Access;
using MakCrm.Domain.Training;

namespace MakCrm.Application.Training;

/// <summary>Who reads training: head office (<c>training.manage</c>) sees every course, drafts included; a learner is a
/// user.</summary>
public sealed record TrainingReader(bool Manager, Guid? UserId, Guid OrganizationId, IReadOnlyList<string> Roles);

/// <summary>How far a user is through a course's lessons.</summary>
public sealed record CourseProgress(int Lessons, int Completed)
{
    public static CourseProgress None { get; } = new(0, 0);

    /// <summary>Completed lessons as a whole percentage, rounded down (100 only when every lesson is done); 0 for a
    /// course without lessons.</summary>
    public int Percent => Lessons == 0 ? 0 : Math.Min(100, Completed * 100 / Lessons);
}

/// <summary>A lesson; <see cref="CompletedAt"/> is when the caller completed it (<c>null</c> if not yet).</summary>
public sealed record LessonDto(
    Guid Id,
    Guid CourseId,
    string Title,
    LessonKind Kind,
    Guid? ArticleId,
    Guid? VideoDocumentId,
    string? VideoUrl,
    IReadOnlyList<Guid> DocumentIds,
    string? Text,
    int Position,
    DateTimeOffset? CompletedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static LessonDto From(CourseLesson l, DateTimeOffset? completedAt = null) =>
        new(
            l.Id,
            l.CourseId,
            l.Title,
            l.Kind,
            l.ArticleId,
            l.VideoDocumentId,
            l.VideoUrl,
            l.DocumentIds,
            l.Text,
            l.Position,
            completedAt,
            l.CreatedAt,
            l.UpdatedAt,
            l.Version
        );
}

public sealed record AssignmentDto(
    Guid Id,
    Guid CourseId,
    string Title,
    string Instructions,
    int? DueDays,
    DateOnly? DueOn,
    int MaxPoints,
    int Position,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version
) : Contracts.IVersioned
{
    public static AssignmentDto From(CourseAssignment a) =>
        new(
            a.Id,
            a.CourseId,
            a.Title,
            a.Instructions,
            a.DueDays,
            a.DueOn,
            a.MaxPoints,
            a.Position,
            a.CreatedAt,
            a.UpdatedAt,
            a.Version
        );
}

/// <summary>A course with its lessons (each with the caller's completion) and its assignments; versioned as the
/// course.</summary>
public sealed record CourseDetailDto(
    Contracts.Course Course,
    IReadOnlyList<LessonDto> Lessons,
    IReadOnlyList<AssignmentDto> Assignments
) : Contracts.IVersioned
{
    public Guid Id => Course.Id;

    public int Version => Course.Version;
}

public static class TrainingCatalog
{
    /// <summary>The most courses a list returns (a catalogue of courses is small; it is not paged).</summary>
    public const int MaxCourses = 500;

    /// <summary>The most events a list returns (upcoming events are few; the list is not paged).</summary>
    public const int MaxEvents = 500;

    public static TrainingReader ReaderOf(ICurrentActor actor) =>
        new(actor.Has(Permissions.TrainingManage), actor.UserId, actor.OrganizationId, actor.Roles);

    public static Error CourseNotFound(Guid id) => Error.NotFound("Course", id);

    public static Error LessonNotFound(Guid id) => Error.NotFound("Lesson", id);

    public static Error AssignmentNotFound(Guid id) => Error.NotFound("Assignment", id);

    public static Error EventNotFound(Guid id) => Error.NotFound("Training event", id);

    public static Error UserRequired(string what) =>
        new(
            ErrorCodes.Forbidden,
            $"{what} is done by a signed-in user; an API client has no user to learn.",
            ErrorKind.Forbidden
        );

    /// <summary>The courses in the order a learner sees them: required for one of its roles first, then by position,
    /// title and id.</summary>
    public static IReadOnlyList<Contracts.Course> Ordered(IEnumerable<Contracts.Course> courses) =>
        courses
            .OrderByDescending(c => c.Required)
            .ThenBy(c => c.Position)
            .ThenBy(c => c.Title, StringComparer.Ordinal)
            .ThenBy(c => c.Id)
            .ToList();
}

/// <summary>Courses and lesson completions as the API answers them.</summary>
public static class CourseAnswers
{
    extension(Contracts.Course)
    {
        /// <summary>A course as the caller sees it: whether it is required for the caller's role, and the caller's
        /// progress.</summary>
        public static Contracts.Course From(Course c, TrainingReader reader, CourseProgress progress) =>
            new(
                c.Id,
                c.Title,
                c.Description,
                c.Status,
                c.AudienceRoles,
                c.AudienceKinds,
                c.RequiredFor,
                c.Position,
                c.RequiredFor.Any(r => reader.Roles.Contains(r)),
                progress.Lessons,
                progress.Completed,
                progress.Percent,
                c.PublishedAt,
                c.CreatedAt,
                c.UpdatedAt,
                c.Version
            );
    }

    extension(Contracts.LessonCompletion)
    {
        /// <summary>That a learner completed a lesson: what <c>training.lesson_completed</c> carries.</summary>
        public static Contracts.LessonCompletion From(LessonCompletion c) =>
            new(c.CourseId, c.LessonId, c.UserId, c.CompletedAt);
    }
}
