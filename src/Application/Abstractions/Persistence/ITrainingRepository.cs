using MakCrm.Application.Training;
using MakCrm.Domain.Training;

namespace MakCrm.Application.Abstractions.Persistence;

/// <summary>Training courses, their lessons and assignments, and learners' lesson completions.</summary>
public interface ITrainingRepository
{
    void Add(Course course);

    void Add(CourseLesson lesson);

    void Add(CourseAssignment assignment);

    void Add(LessonCompletion completion);

    /// <summary>A course to change (head office only reaches it).</summary>
    Task<Course?> FindCourseAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A course the reader may see: any for head office, else published and shown to its role and
    /// kind.</summary>
    Task<Course?> FindReadableCourseAsync(Guid id, TrainingReader reader, CancellationToken cancellationToken);

    /// <summary>The courses the reader may see (at most <see cref="TrainingCatalog.MaxCourses"/>), in no particular
    /// order.</summary>
    Task<IReadOnlyList<Course>> ListReadableCoursesAsync(TrainingReader reader, CancellationToken cancellationToken);

    /// <summary>The course's lessons in its order.</summary>
    Task<IReadOnlyList<CourseLesson>> LessonsOfAsync(Guid courseId, CancellationToken cancellationToken);

    /// <summary>The course's assignments in its order.</summary>
    Task<IReadOnlyList<CourseAssignment>> AssignmentsOfAsync(Guid courseId, CancellationToken cancellationToken);

    Task<CourseLesson?> FindLessonAsync(Guid courseId, Guid lessonId, CancellationToken cancellationToken);

    Task<CourseAssignment?> FindAssignmentAsync(Guid courseId, Guid assignmentId, CancellationToken cancellationToken);

    /// <summary>For each course: how many lessons it has and how many of them the user completed.</summary>
    Task<IReadOnlyDictionary<Guid, CourseProgress>> ProgressAsync(
        Guid? userId,
        IReadOnlyCollection<Guid> courseIds,
        CancellationToken cancellationToken
    );

    /// <summary>When the user completed each lesson of the course it completed.</summary>
    Task<IReadOnlyDictionary<Guid, DateTimeOffset>> CompletionsAsync(
        Guid userId,
        Guid courseId,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Serialises completions of one lesson by one user until the transaction ends, so that of parallel first
    /// completions exactly one adds the row (and raises its event).
    /// </summary>
    Task LockCompletionAsync(Guid userId, Guid lessonId, CancellationToken cancellationToken);

    Task<LessonCompletion?> FindCompletionAsync(Guid userId, Guid lessonId, CancellationToken cancellationToken);

    void Add(HomeworkSubmission submission);

    /// <summary>Serialises one learner's submissions of one assignment until the transaction ends.</summary>
    Task LockSubmissionsAsync(Guid userId, Guid assignmentId, CancellationToken cancellationToken);

    /// <summary>The learner's latest submission of the assignment.</summary>
    Task<HomeworkSubmission?> LatestSubmissionAsync(
        Guid userId,
        Guid assignmentId,
        CancellationToken cancellationToken
    );

    /// <summary>When the learner enrolled in the course: its first completed lesson or submission there; <c>null</c>
    /// before either.</summary>
    Task<DateTimeOffset?> EnrolledAtAsync(Guid userId, Guid courseId, CancellationToken cancellationToken);

    /// <summary>A submission to decide, update-locked so that decisions run one at a time.</summary>
    Task<HomeworkSubmission?> FindSubmissionForUpdateAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A submission the reader may see: any for head office, else only its own (others do not exist for
    /// it).</summary>
    Task<HomeworkSubmission?> GetSubmissionAsync(Guid id, TrainingReader reader, CancellationToken cancellationToken);

    Task<IReadOnlyList<HomeworkSubmission>> ListSubmissionsAsync(
        TrainingReader reader,
        SubmissionFilter filter,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    void Add(TrainingEvent trainingEvent);

    void Add(EventRegistration registration);

    void Remove(EventRegistration registration);

    /// <summary>An event to change (head office).</summary>
    Task<TrainingEvent?> FindEventAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// An event the reader may see (any for head office, else one whose audience names its role and kind),
    /// update-locked when asked, so that registrations for one event run one at a time and never exceed its capacity.
    /// </summary>
    Task<TrainingEvent?> FindReadableEventAsync(
        Guid id,
        TrainingReader reader,
        bool forUpdate,
        CancellationToken cancellationToken
    );

    /// <summary>The events the reader may see that end after <paramref name="endsAfter"/>, soonest first (at most
    /// <see cref="TrainingCatalog.MaxEvents"/>).</summary>
    Task<IReadOnlyList<TrainingEvent>> ListReadableEventsAsync(
        TrainingReader reader,
        DateTimeOffset endsAfter,
        CancellationToken cancellationToken
    );

    /// <summary>How many registrations each event has.</summary>
    Task<IReadOnlyDictionary<Guid, int>> RegisteredCountsAsync(
        IReadOnlyCollection<Guid> eventIds,
        CancellationToken cancellationToken
    );

    /// <summary>The user's registrations for these events.</summary>
    Task<IReadOnlyDictionary<Guid, EventRegistration>> RegistrationsOfAsync(
        Guid userId,
        IReadOnlyCollection<Guid> eventIds,
        CancellationToken cancellationToken
    );

    Task<EventRegistration?> FindRegistrationAsync(Guid eventId, Guid userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<EventRegistration>> ListRegistrationsAsync(Guid eventId, CancellationToken cancellationToken);

    /// <summary>The events the user is registered for that end after <paramref name="endsAfter"/> (its calendar), at
    /// most <paramref name="take"/>.</summary>
    Task<IReadOnlyList<TrainingEvent>> RegisteredEventsAsync(
        Guid userId,
        DateTimeOffset endsAfter,
        int take,
        CancellationToken cancellationToken
    );
}
