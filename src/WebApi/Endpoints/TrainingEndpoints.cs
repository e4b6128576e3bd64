using MakCrm.Application.Training;
using MakCrm.Contracts;
using MakCrm.WebApi.Wire;
using Microsoft.AspNetCore.Mvc;
using SubmissionStatus = MakCrm.Domain.Training.SubmissionStatus;

namespace MakCrm.WebApi.Endpoints;

/// <summary>Training courses: their lessons and assignments, and learners' progress.</summary>
internal sealed class TrainingEndpoints : IEndpointGroup
{
    private const string Root = "/api/v1/courses";

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root);
        group.MapGet("/", ListCourses).WithName("listCourses");
        group.MapPost("/", CreateCourse).WithName("createCourse");
        group.MapGet("/{id:guid}", GetCourse).WithName("getCourse");
        group.MapPatch("/{id:guid}", UpdateCourse).WithName("updateCourse");

        group.MapPost("/{id:guid}/lessons", AddLesson).WithName("createCourseLesson");
        group.MapPatch("/{id:guid}/lessons/{lessonId:guid}", UpdateLesson).WithName("updateCourseLesson");
        group.MapPut("/{id:guid}/lessons/{lessonId:guid}/completion", CompleteLesson).WithName("completeCourseLesson");

        group.MapPost("/{id:guid}/assignments", AddAssignment).WithName("createCourseAssignment");
        group
            .MapPatch("/{id:guid}/assignments/{assignmentId:guid}", UpdateAssignment)
            .WithName("updateCourseAssignment");
        group.MapPost("/{id:guid}/assignments/{assignmentId:guid}/submissions", Submit).WithName("submitHomework");

        var submissions = app.MapGroup("/api/v1/homework-submissions");
        submissions.MapGet("/", ListSubmissions).WithName("listHomeworkSubmissions");
        submissions.MapGet("/{id:guid}", GetSubmission).WithName("getHomeworkSubmission");
        submissions.MapPost("/{id:guid}/decision", Decide).WithName("decideHomeworkSubmission");
    }

    private static async Task<Results<JsonCreated<HomeworkSubmission>, ProblemHttpResult>> Submit(
        Guid id,
        Guid assignmentId,
        HttpContext http,
        ICommandHandler<SubmitHomeworkCommand, SubmissionDto> handler,
        Body<SubmitHomeworkRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            "/api/v1/homework-submissions",
            await handler.Handle(body.Value.ToCommand(id, assignmentId), cancellationToken),
            HomeworkSubmission.From
        );

    private static async Task<Results<JsonOk<HomeworkSubmissionPage>, ProblemHttpResult>> ListSubmissions(
        IQueryHandler<ListHomeworkSubmissionsQuery, Page<SubmissionDto>> handler,
        [AsParameters] ListHomeworkSubmissionsParameters query,
        CancellationToken cancellationToken
    )
    {
        return Respond.Value(
            await handler.Handle(
                new ListHomeworkSubmissionsQuery(
                    query.Status?.Value,
                    query.CourseId,
                    query.AssignmentId,
                    query.Late,
                    query.Cursor,
                    query.Limit
                ),
                cancellationToken
            ),
            HomeworkSubmissionPage.From
        );
    }

    private static async Task<Results<JsonOk<HomeworkSubmission>, ProblemHttpResult>> GetSubmission(
        Guid id,
        HttpContext http,
        IQueryHandler<GetSubmissionQuery, SubmissionDto> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(new GetSubmissionQuery(id), cancellationToken),
            HomeworkSubmission.From
        );

    private static async Task<Results<JsonOk<HomeworkSubmission>, ProblemHttpResult>> Decide(
        Guid id,
        HttpContext http,
        ICommandHandler<DecideHomeworkCommand, SubmissionDto> handler,
        Body<DecideHomeworkRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(body.Value.ToCommand(id), cancellationToken),
            HomeworkSubmission.From
        );

    private static async Task<Results<JsonOk<CourseList>, ProblemHttpResult>> ListCourses(
        IQueryHandler<ListCoursesQuery, IReadOnlyList<Contracts.Course>> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new ListCoursesQuery(), cancellationToken), CourseList.From);

    private static async Task<Results<JsonCreated<Contracts.Course>, ProblemHttpResult>> CreateCourse(
        HttpContext http,
        ICommandHandler<CreateCourseCommand, Contracts.Course> handler,
        Body<CreateCourseRequest> body,
        CancellationToken cancellationToken
    ) => Respond.Created(http.Response, Root, await handler.Handle(body.Value.ToCommand(), cancellationToken));

    private static async Task<Results<JsonOk<CourseDetail>, ProblemHttpResult>> GetCourse(
        Guid id,
        HttpContext http,
        IQueryHandler<GetCourseQuery, CourseDetailDto> handler,
        CancellationToken cancellationToken
    ) => Respond.Ok(http.Response, await handler.Handle(new GetCourseQuery(id), cancellationToken), CourseDetail.From);

    private static async Task<Results<JsonOk<Contracts.Course>, ProblemHttpResult>> UpdateCourse(
        Guid id,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateCourseCommand, Contracts.Course> handler,
        Body<UpdateCourseRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateCourseRequest.ToCommand(id, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            )
        );

    private static async Task<Results<JsonCreated<Contracts.CourseLesson>, ProblemHttpResult>> AddLesson(
        Guid id,
        HttpContext http,
        ICommandHandler<AddLessonCommand, LessonDto> handler,
        Body<CreateCourseLessonRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            $"{Root}/{id}/lessons",
            await handler.Handle(body.Value.ToCommand(id), cancellationToken),
            Contracts.CourseLesson.From
        );

    private static async Task<Results<JsonOk<Contracts.CourseLesson>, ProblemHttpResult>> UpdateLesson(
        Guid id,
        Guid lessonId,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateLessonCommand, LessonDto> handler,
        Body<UpdateCourseLessonRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateCourseLessonRequest.ToCommand(id, lessonId, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            ),
            Contracts.CourseLesson.From
        );

    private static async Task<Results<JsonOk<Contracts.LessonCompletion>, ProblemHttpResult>> CompleteLesson(
        Guid id,
        Guid lessonId,
        ICommandHandler<CompleteLessonCommand, Contracts.LessonCompletion> handler,
        CancellationToken cancellationToken
    ) => Respond.Value(await handler.Handle(new CompleteLessonCommand(id, lessonId), cancellationToken));

    private static async Task<Results<JsonCreated<Contracts.CourseAssignment>, ProblemHttpResult>> AddAssignment(
        Guid id,
        HttpContext http,
        ICommandHandler<AddAssignmentCommand, AssignmentDto> handler,
        Body<CreateCourseAssignmentRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Created(
            http.Response,
            $"{Root}/{id}/assignments",
            await handler.Handle(body.Value.ToCommand(id), cancellationToken),
            Contracts.CourseAssignment.From
        );

    private static async Task<Results<JsonOk<Contracts.CourseAssignment>, ProblemHttpResult>> UpdateAssignment(
        Guid id,
        Guid assignmentId,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        HttpContext http,
        ICommandHandler<UpdateAssignmentCommand, AssignmentDto> handler,
        Body<UpdateCourseAssignmentRequest> body,
        CancellationToken cancellationToken
    ) =>
        Respond.Ok(
            http.Response,
            await handler.Handle(
                UpdateCourseAssignmentRequest.ToCommand(id, assignmentId, ETag.IfMatch(ifMatch), body.Fields),
                cancellationToken
            ),
            Contracts.CourseAssignment.From
        );
}
