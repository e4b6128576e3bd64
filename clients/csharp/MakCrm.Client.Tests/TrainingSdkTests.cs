using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Training through the SDK: a course with a lesson and progress, homework review, an event with registration and check-in.</summary>
public sealed class TrainingSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_course_is_published_learned_and_its_homework_reviewed()
    {
        var created = await Api.CreateCourseAsync(new CreateCourseRequest { Title = $"Курс SDK {Guid.NewGuid():N}", RequiredFor = ["admin"] });
        created.StatusCode.Should().Be(201);
        var course = (await Api.UpdateCourseAsync(created.Result.Id, created.ETag!, new UpdateCourseRequest { Status = CourseStatus.Published })).Result;
        var lesson = (await Api.CreateCourseLessonAsync(course.Id, new CreateCourseLessonRequest { Title = "Видео", Kind = LessonKind.Video, VideoUrl = "https://video.example/sdk" })).Result;
        var assignment = (await Api.CreateCourseAssignmentAsync(course.Id, new CreateCourseAssignmentRequest { Title = "ДЗ", Instructions = "Сделать", MaxPoints = 10, DueDays = 7 })).Result;

        var completion = (await Api.CompleteCourseLessonAsync(course.Id, lesson.Id)).Result;
        completion.LessonId.Should().Be(lesson.Id);
        var detail = (await Api.GetCourseAsync(course.Id)).Result;
        detail.Course.ProgressPercent.Should().Be(100);
        detail.Course.Required.Should().BeTrue();
        (await Api.ListCoursesAsync()).Result.Items.Should().Contain(c => c.Id == course.Id);

        var submission = (await Api.SubmitHomeworkAsync(course.Id, assignment.Id, new SubmitHomeworkRequest { Text = "Готово" })).Result;
        submission.Status.Should().Be(SubmissionStatus.Submitted);
        var accepted = (await Api.DecideHomeworkSubmissionAsync(submission.Id, new DecideHomeworkRequest { Decision = DecideHomeworkRequestDecision.Accepted, Points = 9 })).Result;
        accepted.Points.Should().Be(9);
        await Expect.ProblemAsync(
            () => Api.DecideHomeworkSubmissionAsync(submission.Id, new DecideHomeworkRequest { Decision = DecideHomeworkRequestDecision.Returned, Feedback = "Нет" }),
            409, "homework_already_decided");
        (await Api.ListHomeworkSubmissionsAsync(courseId: course.Id)).Result.Items.Select(s => s.Id).Should().Equal(submission.Id);
    }

    [Fact]
    public async Task An_event_is_registered_for_and_checked_in_to_with_its_code()
    {
        var starts = DateTimeOffset.UtcNow.AddDays(5);
        var created = (await Api.CreateTrainingEventAsync(new CreateTrainingEventRequest
        {
            Title = "Вебинар SDK", StartsAt = starts, EndsAt = starts.AddHours(1), Format = TrainingEventFormat.Online, Url = "https://meet.example/sdk", Capacity = 1,
        })).Result;
        (await Api.RegisterForTrainingEventAsync(created.Id)).Result.UserId.Should().NotBeEmpty();
        await Expect.ProblemAsync(() => Api.CheckInToTrainingEventAsync(created.Id, new CheckInRequest { Code = "WRONG000" }), 422, "check_in_code_invalid");
        var attended = (await Api.CheckInToTrainingEventAsync(created.Id, new CheckInRequest { Code = created.CheckInCode! })).Result;
        attended.AttendedVia.Should().Be(AttendanceSource.Check_in);
        (await Api.GetTrainingEventAsync(created.Id)).Result.RegisteredCount.Should().Be(1);
        (await Api.CancelTrainingEventRegistrationAsync(created.Id)).StatusCode.Should().Be(204);
    }
}
