using MakCrm.Application.Training;
using MakCrm.Contracts;

namespace MakCrm.WebApi.Wire;

/// <summary>How the API answers and reads these resources, where it does more than copy.</summary>
internal static class TrainingMappings
{
    extension(CourseLesson)
    {
        public static CourseLesson From(LessonDto l) =>
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
                l.CompletedAt,
                l.CreatedAt,
                l.UpdatedAt,
                l.Version
            );
    }

    extension(CourseAssignment)
    {
        public static CourseAssignment From(AssignmentDto a) =>
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

    extension(CourseDetail)
    {
        public static CourseDetail From(CourseDetailDto d) =>
            new(
                d.Course,
                d.Lessons.Select(CourseLesson.From).ToList(),
                d.Assignments.Select(CourseAssignment.From).ToList()
            );
    }

    extension(CreateCourseLessonRequest request)
    {
        public AddLessonCommand ToCommand(Guid courseId) =>
            new(
                courseId,
                request.Title,
                request.Kind,
                request.ArticleId,
                request.VideoDocumentId,
                request.VideoUrl,
                request.DocumentIds,
                request.Text,
                request.Position
            );
    }

    extension(UpdateCourseLessonRequest)
    {
        public static UpdateLessonCommand ToCommand(
            Guid courseId,
            Guid lessonId,
            VersionCheck ifMatch,
            JsonBody<UpdateCourseLessonRequest> body
        )
        {
            var patch = body.Value;
            return new UpdateLessonCommand(
                courseId,
                lessonId,
                ifMatch,
                body.Field("title", patch.Title),
                body.Field("kind", patch.Kind),
                body.Field("articleId", patch.ArticleId),
                body.Field("videoDocumentId", patch.VideoDocumentId),
                body.Field("videoUrl", patch.VideoUrl),
                body.Field("documentIds", patch.DocumentIds),
                body.Field("text", patch.Text),
                body.Field("position", patch.Position)
            );
        }
    }

    extension(CreateCourseAssignmentRequest request)
    {
        public AddAssignmentCommand ToCommand(Guid courseId) =>
            new(
                courseId,
                request.Title,
                request.Instructions,
                request.DueDays,
                request.DueOn,
                request.MaxPoints,
                request.Position
            );
    }

    extension(UpdateCourseAssignmentRequest)
    {
        public static UpdateAssignmentCommand ToCommand(
            Guid courseId,
            Guid assignmentId,
            VersionCheck ifMatch,
            JsonBody<UpdateCourseAssignmentRequest> body
        )
        {
            var patch = body.Value;
            return new UpdateAssignmentCommand(
                courseId,
                assignmentId,
                ifMatch,
                body.Field("title", patch.Title),
                body.Field("instructions", patch.Instructions),
                body.Field("dueDays", patch.DueDays),
                body.Field("dueOn", patch.DueOn),
                body.Field("maxPoints", patch.MaxPoints),
                body.Field("position", patch.Position)
            );
        }
    }

    extension(TrainingEventRegistration)
    {
        public static TrainingEventRegistration From(EventRegistrationDto r) =>
            new(r.EventId, r.UserId, r.OrganizationId, r.RegisteredAt, r.AttendedAt, r.AttendedVia);
    }
}
