using MakCrm.Application.Common;
using MakCrm.Application.Training;
using MakCrm.Domain.Training;
using MakCrm.WebApi.Http;

namespace MakCrm.WebApi.Contracts;

public sealed partial record CourseLesson
{
    public static CourseLesson From(LessonDto l) => new(
        l.Id, l.CourseId, l.Title, l.Kind, l.ArticleId, l.VideoDocumentId, l.VideoUrl, l.DocumentIds, l.Text, l.Position, l.CompletedAt,
        l.CreatedAt, l.UpdatedAt, l.Version);
}

public sealed partial record CourseAssignment
{
    public static CourseAssignment From(AssignmentDto a) => new(
        a.Id, a.CourseId, a.Title, a.Instructions, a.DueDays, a.DueOn, a.MaxPoints, a.Position, a.CreatedAt, a.UpdatedAt, a.Version);
}

public sealed partial record CourseDetail
{
    public static CourseDetail From(CourseDetailDto d) =>
        new(d.Course, d.Lessons.Select(CourseLesson.From).ToList(), d.Assignments.Select(CourseAssignment.From).ToList());
}

public sealed partial record CreateCourseLessonRequest
{
    public AddLessonCommand ToCommand(Guid courseId) => new(courseId, Title, Kind, ArticleId, VideoDocumentId, VideoUrl, DocumentIds, Text, Position);
}

public sealed partial record UpdateCourseLessonRequest
{
    public static UpdateLessonCommand ToCommand(Guid courseId, Guid lessonId, VersionCheck ifMatch, JsonBody<UpdateCourseLessonRequest> body)
    {
        var patch = body.Value;
        return new UpdateLessonCommand(
            courseId, lessonId, ifMatch, body.Field("title", patch.Title), body.Field("kind", patch.Kind), body.Field("articleId", patch.ArticleId),
            body.Field("videoDocumentId", patch.VideoDocumentId), body.Field("videoUrl", patch.VideoUrl), body.Field("documentIds", patch.DocumentIds),
            body.Field("text", patch.Text), body.Field("position", patch.Position));
    }
}

public sealed partial record CreateCourseAssignmentRequest
{
    public AddAssignmentCommand ToCommand(Guid courseId) => new(courseId, Title, Instructions, DueDays, DueOn, MaxPoints, Position);
}

public sealed partial record UpdateCourseAssignmentRequest
{
    public static UpdateAssignmentCommand ToCommand(Guid courseId, Guid assignmentId, VersionCheck ifMatch, JsonBody<UpdateCourseAssignmentRequest> body)
    {
        var patch = body.Value;
        return new UpdateAssignmentCommand(
            courseId, assignmentId, ifMatch, body.Field("title", patch.Title), body.Field("instructions", patch.Instructions), body.Field("dueDays", patch.DueDays),
            body.Field("dueOn", patch.DueOn), body.Field("maxPoints", patch.MaxPoints), body.Field("position", patch.Position));
    }
}

public sealed partial record HomeworkSubmission
{
    public static HomeworkSubmission From(SubmissionDto s) => new(
        s.Id, s.CourseId, s.AssignmentId, s.UserId, s.OrganizationId, s.Attempt, s.Text, s.DocumentIds, s.Status, s.SubmittedAt, s.DueAt, s.Late,
        s.Points, s.Feedback, s.ReviewedByUserId, s.ReviewedAt, s.Version);
}

public sealed partial record HomeworkSubmissionPage
{
    public static HomeworkSubmissionPage From(Page<SubmissionDto> page) => new(page.Items.Select(HomeworkSubmission.From).ToList(), page.NextCursor);
}

public sealed partial record TrainingEventRegistration
{
    public static TrainingEventRegistration From(EventRegistrationDto r) => new(r.EventId, r.UserId, r.OrganizationId, r.RegisteredAt, r.AttendedAt, r.AttendedVia);
}

public sealed partial record TrainingEventRegistrationList
{
    public static TrainingEventRegistrationList From(IReadOnlyList<EventRegistrationDto> registrations) => new(registrations.Select(TrainingEventRegistration.From).ToList());
}

