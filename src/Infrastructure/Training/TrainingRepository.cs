using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Training;
using MakCrm.Domain.Training;
using MakCrm.Infrastructure.Knowledge;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Persistence.RawSql;
using MakCrm.Infrastructure.Persistence.Repositories;

namespace MakCrm.Infrastructure.Training;

/// <summary>
/// Training in PostgreSQL. A learner sees a published course whose audience role list is empty or names one of its
/// roles and whose kind list is empty or names its organization's kind — the knowledge base's rule; head office sees
/// all.
/// </summary>
internal sealed class TrainingRepository(MakCrmDbContext db, OrganizationKinds kinds) : ITrainingRepository
{
    public void Add(Course course) => db.Set<Course>().Add(course);

    public void Add(CourseLesson lesson) => db.Set<CourseLesson>().Add(lesson);

    public void Add(CourseAssignment assignment) => db.Set<CourseAssignment>().Add(assignment);

    public void Add(LessonCompletion completion) => db.Set<LessonCompletion>().Add(completion);

    public Task<Course?> FindCourseAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Course>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<Course?> FindReadableCourseAsync(
        Guid id,
        TrainingReader reader,
        CancellationToken cancellationToken
    ) =>
        await (await Readable(reader, cancellationToken))
            .AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Course>> ListReadableCoursesAsync(
        TrainingReader reader,
        CancellationToken cancellationToken
    ) =>
        await (await Readable(reader, cancellationToken))
            .AsNoTracking()
            .OrderBy(c => c.Position)
            .ThenBy(c => c.Id)
            .Take(TrainingCatalog.MaxCourses)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<CourseLesson>> LessonsOfAsync(Guid courseId, CancellationToken cancellationToken) =>
        await db.Set<CourseLesson>()
            .AsNoTracking()
            .Where(l => l.CourseId == courseId)
            .OrderBy(l => l.Position)
            .ThenBy(l => l.Id)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<CourseAssignment>> AssignmentsOfAsync(
        Guid courseId,
        CancellationToken cancellationToken
    ) =>
        await db.Set<CourseAssignment>()
            .AsNoTracking()
            .Where(a => a.CourseId == courseId)
            .OrderBy(a => a.Position)
            .ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);

    public Task<CourseLesson?> FindLessonAsync(Guid courseId, Guid lessonId, CancellationToken cancellationToken) =>
        db.Set<CourseLesson>().FirstOrDefaultAsync(l => l.Id == lessonId && l.CourseId == courseId, cancellationToken);

    public Task<CourseAssignment?> FindAssignmentAsync(
        Guid courseId,
        Guid assignmentId,
        CancellationToken cancellationToken
    ) =>
        db.Set<CourseAssignment>()
            .FirstOrDefaultAsync(a => a.Id == assignmentId && a.CourseId == courseId, cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, CourseProgress>> ProgressAsync(
        Guid? userId,
        IReadOnlyCollection<Guid> courseIds,
        CancellationToken cancellationToken
    )
    {
        var ids = courseIds.ToArray();
        var rows = await db.Set<CourseLesson>()
            .AsNoTracking()
            .Where(l => ids.Contains(l.CourseId))
            .GroupBy(l => l.CourseId)
            .Select(g => new
            {
                CourseId = g.Key,
                Lessons = g.Count(),
                Completed = g.Count(l =>
                    userId != null && db.Set<LessonCompletion>().Any(c => c.LessonId == l.Id && c.UserId == userId)
                ),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.CourseId, r => new CourseProgress(r.Lessons, r.Completed));
    }

    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> CompletionsAsync(
        Guid userId,
        Guid courseId,
        CancellationToken cancellationToken
    ) =>
        await db.Set<LessonCompletion>()
            .AsNoTracking()
            .Where(c => c.UserId == userId && c.CourseId == courseId)
            .ToDictionaryAsync(c => c.LessonId, c => c.CompletedAt, cancellationToken);

    public Task LockCompletionAsync(Guid userId, Guid lessonId, CancellationToken cancellationToken) =>
        AdvisoryLocks.LockAsync(db.Database, $"lesson-completion:{userId}:{lessonId}", cancellationToken);

    public Task<LessonCompletion?> FindCompletionAsync(
        Guid userId,
        Guid lessonId,
        CancellationToken cancellationToken
    ) =>
        db.Set<LessonCompletion>()
            .AsNoTracking()
            .FirstOrDefaultAsync(c => c.UserId == userId && c.LessonId == lessonId, cancellationToken);

    public void Add(HomeworkSubmission submission) => db.Set<HomeworkSubmission>().Add(submission);

    public Task LockSubmissionsAsync(Guid userId, Guid assignmentId, CancellationToken cancellationToken) =>
        AdvisoryLocks.LockAsync(db.Database, $"homework:{userId}:{assignmentId}", cancellationToken);

    public Task<HomeworkSubmission?> LatestSubmissionAsync(
        Guid userId,
        Guid assignmentId,
        CancellationToken cancellationToken
    ) =>
        db.Set<HomeworkSubmission>()
            .AsNoTracking()
            .Where(s => s.UserId == userId && s.AssignmentId == assignmentId)
            .OrderByDescending(s => s.Attempt)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<DateTimeOffset?> EnrolledAtAsync(Guid userId, Guid courseId, CancellationToken cancellationToken)
    {
        var completed = await db.Set<LessonCompletion>()
            .Where(c => c.UserId == userId && c.CourseId == courseId)
            .MinAsync(c => (DateTimeOffset?)c.CompletedAt, cancellationToken);
        var submitted = await db.Set<HomeworkSubmission>()
            .Where(s => s.UserId == userId && s.CourseId == courseId)
            .MinAsync(s => (DateTimeOffset?)s.SubmittedAt, cancellationToken);
        return completed is null ? submitted
            : submitted is null || completed < submitted ? completed
            : submitted;
    }

    public Task<HomeworkSubmission?> FindSubmissionForUpdateAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<HomeworkSubmission>()
            .FromSql($"SELECT * FROM training_submissions WHERE id = {id} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);

    public Task<HomeworkSubmission?> GetSubmissionAsync(
        Guid id,
        TrainingReader reader,
        CancellationToken cancellationToken
    ) => Visible(reader).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public async Task<IReadOnlyList<HomeworkSubmission>> ListSubmissionsAsync(
        TrainingReader reader,
        SubmissionFilter filter,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    )
    {
        var submissions = Visible(reader).AsNoTracking();
        if (filter.Status is { } status)
        {
            submissions = submissions.Where(s => s.Status == status);
        }

        if (filter.CourseId is { } course)
        {
            submissions = submissions.Where(s => s.CourseId == course);
        }

        if (filter.AssignmentId is { } assignment)
        {
            submissions = submissions.Where(s => s.AssignmentId == assignment);
        }

        if (filter.Late is { } late)
        {
            submissions = submissions.Where(s => s.Late == late);
        }

        return await submissions.Page(s => s.SubmittedAt, false, after, take).ToListAsync(cancellationToken);
    }

    public void Add(TrainingEvent trainingEvent) => db.Set<TrainingEvent>().Add(trainingEvent);

    public void Add(EventRegistration registration) => db.Set<EventRegistration>().Add(registration);

    public void Remove(EventRegistration registration) => db.Set<EventRegistration>().Remove(registration);

    public Task<TrainingEvent?> FindEventAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<TrainingEvent>().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    public async Task<TrainingEvent?> FindReadableEventAsync(
        Guid id,
        TrainingReader reader,
        bool forUpdate,
        CancellationToken cancellationToken
    )
    {
        var events = forUpdate
            ? db.Set<TrainingEvent>().FromSql($"SELECT * FROM training_events WHERE id = {id} FOR UPDATE")
            : db.Set<TrainingEvent>().AsNoTracking().Where(e => e.Id == id);
        return await (await ReadableEvents(events, reader, cancellationToken)).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TrainingEvent>> ListReadableEventsAsync(
        TrainingReader reader,
        DateTimeOffset endsAfter,
        CancellationToken cancellationToken
    ) =>
        await (await ReadableEvents(db.Set<TrainingEvent>().AsNoTracking(), reader, cancellationToken))
            .Where(e => e.EndsAt > endsAfter)
            .OrderBy(e => e.StartsAt)
            .ThenBy(e => e.Id)
            .Take(TrainingCatalog.MaxEvents)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<Guid, int>> RegisteredCountsAsync(
        IReadOnlyCollection<Guid> eventIds,
        CancellationToken cancellationToken
    )
    {
        var ids = eventIds.ToArray();
        return await db.Set<EventRegistration>()
            .AsNoTracking()
            .Where(r => ids.Contains(r.EventId))
            .GroupBy(r => r.EventId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, EventRegistration>> RegistrationsOfAsync(
        Guid userId,
        IReadOnlyCollection<Guid> eventIds,
        CancellationToken cancellationToken
    )
    {
        var ids = eventIds.ToArray();
        return await db.Set<EventRegistration>()
            .AsNoTracking()
            .Where(r => r.UserId == userId && ids.Contains(r.EventId))
            .ToDictionaryAsync(r => r.EventId, cancellationToken);
    }

    public Task<EventRegistration?> FindRegistrationAsync(
        Guid eventId,
        Guid userId,
        CancellationToken cancellationToken
    ) =>
        db.Set<EventRegistration>()
            .FirstOrDefaultAsync(r => r.EventId == eventId && r.UserId == userId, cancellationToken);

    public async Task<IReadOnlyList<EventRegistration>> ListRegistrationsAsync(
        Guid eventId,
        CancellationToken cancellationToken
    ) =>
        await db.Set<EventRegistration>()
            .AsNoTracking()
            .Where(r => r.EventId == eventId)
            .OrderBy(r => r.RegisteredAt)
            .ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<TrainingEvent>> RegisteredEventsAsync(
        Guid userId,
        DateTimeOffset endsAfter,
        int take,
        CancellationToken cancellationToken
    ) =>
        await db.Set<TrainingEvent>()
            .AsNoTracking()
            .Where(e =>
                e.EndsAt > endsAfter && db.Set<EventRegistration>().Any(r => r.EventId == e.Id && r.UserId == userId)
            )
            .OrderBy(e => e.StartsAt)
            .ThenBy(e => e.Id)
            .Take(take)
            .ToListAsync(cancellationToken);

    private async Task<IQueryable<TrainingEvent>> ReadableEvents(
        IQueryable<TrainingEvent> events,
        TrainingReader reader,
        CancellationToken cancellationToken
    )
    {
        if (reader.Manager)
        {
            return events;
        }

        var roles = reader.Roles.ToArray();
        var kind = await kinds.OfAsync(db, reader.OrganizationId, cancellationToken);
        return events.Where(e =>
            (e.AudienceRoles.Count == 0 || e.AudienceRoles.Any(r => roles.Contains(r)))
            && (e.AudienceKinds.Count == 0 || e.AudienceKinds.Contains(kind))
        );
    }

    /// <summary>Every submission for head office; a learner's own for anyone else (an API client has none).</summary>
    private IQueryable<HomeworkSubmission> Visible(TrainingReader reader) =>
        reader.Manager
            ? db.Set<HomeworkSubmission>()
            : db.Set<HomeworkSubmission>().Where(s => s.UserId == reader.UserId);

    private async Task<IQueryable<Course>> Readable(TrainingReader reader, CancellationToken cancellationToken)
    {
        if (reader.Manager)
        {
            return db.Set<Course>();
        }

        var roles = reader.Roles.ToArray();
        var kind = await kinds.OfAsync(db, reader.OrganizationId, cancellationToken);
        return db.Set<Course>()
            .Where(c =>
                c.Status == CourseStatus.Published
                && (c.AudienceRoles.Count == 0 || c.AudienceRoles.Any(r => roles.Contains(r)))
                && (c.AudienceKinds.Count == 0 || c.AudienceKinds.Contains(kind))
            );
    }
}
