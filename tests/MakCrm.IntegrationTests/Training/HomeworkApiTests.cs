using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.IntegrationTests.Events;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Training;

/// <summary>Homework over HTTP and PostgreSQL: submission, resubmission after a return, review once, visibility, notifications and events.</summary>
public sealed class HomeworkApiTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task Homework_is_returned_for_rework_resubmitted_and_accepted_once_with_its_points()
    {
        var (course, assignment) = await CourseWithAssignment(maxPoints: 10);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var submissions = $"/api/v1/courses/{course}/assignments/{assignment}/submissions";

        await ExpectProblem(await alpha.PostAsync(submissions, Body(new { })), HttpStatusCode.BadRequest, "validation_failed");
        var submitted = await alpha.PostAsync(submissions, Body(new { text = "Первая попытка" }));
        var first = await ExpectJson(submitted, HttpStatusCode.Created);
        submitted.Headers.Location!.ToString().Should().Be($"/api/v1/homework-submissions/{Id(first)}");
        first["status"]!.GetValue<string>().Should().Be("submitted");
        first["attempt"]!.GetValue<int>().Should().Be(1);
        first["dueAt"].Should().NotBeNull("the assignment is due 7 days after enrolment");
        first["late"]!.GetValue<bool>().Should().BeFalse();
        await ExpectProblem(await alpha.PostAsync(submissions, Body(new { text = "Ещё раз" })), HttpStatusCode.Conflict, "homework_resubmission_not_allowed");

        // Another learner does not see it; head office lists it among those to review.
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync($"/api/v1/homework-submissions/{Id(first)}"), HttpStatusCode.NotFound, "not_found");
        (await Ids(beta, $"/api/v1/homework-submissions?courseId={course}")).Should().BeEmpty();
        (await Ids(alpha, $"/api/v1/homework-submissions?courseId={course}")).Should().Equal(Id(first));
        (await Ids(Http, $"/api/v1/homework-submissions?status=submitted&courseId={course}")).Should().Equal(Id(first));
        (await Ids(Http, $"/api/v1/homework-submissions?late=true&courseId={course}")).Should().BeEmpty();
        await ExpectProblem(await Http.GetAsync("/api/v1/homework-submissions?status=lost"), HttpStatusCode.BadRequest, "validation_failed");

        var decision = $"/api/v1/homework-submissions/{Id(first)}/decision";
        await ExpectProblem(await alpha.PostAsync(decision, Body(new { decision = "accepted", points = 5 })), HttpStatusCode.Forbidden, "forbidden");
        FieldErrors(await ExpectProblem(await Post(decision, new { decision = "returned" }), HttpStatusCode.BadRequest, "validation_failed"), "feedback").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post(decision, new { decision = "accepted", points = 11 }), HttpStatusCode.BadRequest, "validation_failed"), "points").Should().NotBeEmpty();
        var returned = await ExpectJson(await Post(decision, new { decision = "returned", feedback = "Приложите скан" }), HttpStatusCode.OK);
        returned["status"]!.GetValue<string>().Should().Be("returned");
        returned["feedback"]!.GetValue<string>().Should().Be("Приложите скан");
        await ExpectProblem(await Post(decision, new { decision = "accepted", points = 3 }), HttpStatusCode.Conflict, "homework_already_decided");

        var second = await ExpectJson(await alpha.PostAsync(submissions, Body(new { text = "Вторая попытка" })), HttpStatusCode.Created);
        second["attempt"]!.GetValue<int>().Should().Be(2);
        var accepted = await ExpectJson(await Post($"/api/v1/homework-submissions/{Id(second)}/decision", new { decision = "accepted", points = 8, feedback = "Хорошо" }), HttpStatusCode.OK);
        accepted["points"]!.GetValue<int>().Should().Be(8);
        await ExpectProblem(await Post($"/api/v1/homework-submissions/{Id(second)}/decision", new { decision = "returned", feedback = "Нет" }), HttpStatusCode.Conflict, "homework_already_decided");
        await ExpectProblem(await alpha.PostAsync(submissions, Body(new { text = "Третья" })), HttpStatusCode.Conflict, "homework_resubmission_not_allowed");
        await ExpectProblem(await Post($"/api/v1/homework-submissions/{Guid.NewGuid()}/decision", new { decision = "returned", feedback = "Нет" }), HttpStatusCode.NotFound, "not_found");

        var events = await TrainingEvents(Http, "training.homework_accepted", Id(second), 1);
        events.Single()["data"]!["points"]!.GetValue<int>().Should().Be(8);
        events.Single()["data"]!["userId"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.PartnerAlpha)).ToString());
        (await TrainingEvents(alpha, "training.homework_returned", Id(first), 1)).Should().HaveCount(1, "a learner sees its own organization's training events");

        var inbox = (await ExpectJson(await alpha.GetAsync("/api/v1/notifications"), HttpStatusCode.OK))["items"]!.AsArray();
        inbox.Count(n => n!["kind"]!.GetValue<string>() == "homework_decided").Should().BeGreaterThanOrEqualTo(2);
        var reviewers = (await ExpectJson(await Http.GetAsync("/api/v1/notifications"), HttpStatusCode.OK))["items"]!.AsArray();
        reviewers.Should().Contain(n => n!["kind"]!.GetValue<string>() == "homework_submitted");
    }

    [Fact]
    public async Task A_submission_replays_with_its_idempotency_key_and_a_course_the_learner_cannot_see_is_not_found()
    {
        var (course, assignment) = await CourseWithAssignment(maxPoints: 5, kinds: ["partner"]);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var key = Guid.NewGuid().ToString();
        var url = $"/api/v1/courses/{course}/assignments/{assignment}/submissions";
        var first = await Send(alpha, url, key, new { text = "Ответ" });
        var replay = await Send(alpha, url, key, new { text = "Ответ" });
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        Id(await ExpectJson(replay, HttpStatusCode.Created)).Should().Be(Id(await ExpectJson(first, HttpStatusCode.Created)));

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectProblem(await franchisee.PostAsync(url, Body(new { text = "Ответ" })), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await alpha.PostAsync($"/api/v1/courses/{course}/assignments/{Guid.NewGuid()}/submissions", Body(new { text = "x" })), HttpStatusCode.NotFound, "not_found");
        var elsewhere = (await CourseWithAssignment(5)).Assignment;
        await ExpectProblem(await alpha.PostAsync(url.Replace(assignment, elsewhere), Body(new { text = "x" })), HttpStatusCode.NotFound, "not_found");
        FieldErrors(await ExpectProblem(await alpha.PostAsync(url, Body(new { documentIds = new[] { Guid.NewGuid() } })), HttpStatusCode.BadRequest, "validation_failed"), "documentIds")
            .Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_dated_deadline_marks_a_late_submission()
    {
        var course = Id(await ExpectJson(await Post("/api/v1/courses", new { title = $"Срок {Guid.NewGuid():N}", status = "published" }), HttpStatusCode.Created));
        var assignment = Id(await ExpectJson(
            await Post($"/api/v1/courses/{course}/assignments", new { title = "Прошло", instructions = "x", dueOn = "2020-01-31", maxPoints = 3 }), HttpStatusCode.Created));
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var late = await ExpectJson(await alpha.PostAsync($"/api/v1/courses/{course}/assignments/{assignment}/submissions", Body(new { text = "Поздно" })), HttpStatusCode.Created);
        late["late"]!.GetValue<bool>().Should().BeTrue();
        late["dueAt"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2020, 1, 31, 21, 0, 0, TimeSpan.Zero), "the end of the day in Moscow");
        (await Ids(Http, $"/api/v1/homework-submissions?late=true&courseId={course}")).Should().Equal(Id(late));
    }

    private async Task<(string Course, string Assignment)> CourseWithAssignment(int maxPoints, string[]? kinds = null)
    {
        var course = Id(await ExpectJson(
            await Post("/api/v1/courses", new { title = $"ДЗ {Guid.NewGuid():N}", status = "published", audienceKinds = kinds ?? [] }), HttpStatusCode.Created));
        var assignment = Id(await ExpectJson(
            await Post($"/api/v1/courses/{course}/assignments", new { title = "Задание", instructions = "Сделайте", dueDays = 7, maxPoints }), HttpStatusCode.Created));
        return (course, assignment);
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, string url, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Body(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await http.SendAsync(request);
    }

    private static async Task<List<string>> Ids(HttpClient http, string url) =>
        (await ExpectJson(await http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray().Select(s => Id(s!.AsObject())).ToList();

    /// <summary>The events of one type about one resource the caller sees, waiting until there are <paramref name="count"/>.</summary>
    internal static async Task<List<JsonObject>> TrainingEvents(HttpClient http, string type, string resourceId, int count)
    {
        for (var waited = 0; ; waited += 100)
        {
            var events = (await EventFeedReading.ReadAll(http, "types=" + type)).Where(e => e["resourceId"]!.GetValue<string>() == resourceId).ToList();
            if (events.Count >= count || waited > 10_000)
            {
                events.Should().HaveCount(count);
                return events;
            }

            await Task.Delay(100);
        }
    }
}
