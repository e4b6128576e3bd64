using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.IntegrationTests.Events;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Training;

/// <summary>Training courses over HTTP and PostgreSQL: drafts and visibility, lessons and assignments, progress and its event.</summary>
public sealed class CoursesApiTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task A_draft_is_hidden_until_published_and_a_learners_progress_counts_its_completed_lessons()
    {
        var created = await Post("/api/v1/courses", new { title = $"Ипотека {Guid.NewGuid():N}", description = "Основы", audienceKinds = new[] { "partner" } });
        var course = await ExpectJson(created, HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/courses/{Id(course)}");
        course["status"]!.GetValue<string>().Should().Be("draft");
        course["publishedAt"].Should().BeNull();
        var lesson1 = Id(await ExpectJson(
            await Post($"/api/v1/courses/{Id(course)}/lessons", new { title = "Видео", kind = "video", videoUrl = "https://video.example/1", position = 1 }), HttpStatusCode.Created));
        var lesson2 = Id(await ExpectJson(
            await Post($"/api/v1/courses/{Id(course)}/lessons", new { title = "Текст", kind = "files", documentIds = new[] { await HeadOfficeDocument() }, text = "Прочтите", position = 2 }),
            HttpStatusCode.Created));
        var lesson3 = Id(await ExpectJson(
            await Post($"/api/v1/courses/{Id(course)}/lessons", new { title = "Статья", kind = "article", articleId = await Article(), position = 3 }), HttpStatusCode.Created));
        var assignment = await ExpectJson(
            await Post($"/api/v1/courses/{Id(course)}/assignments", new { title = "Домашнее", instructions = "Сделайте", dueDays = 7, maxPoints = 10 }), HttpStatusCode.Created);
        assignment["dueDays"]!.GetValue<int>().Should().Be(7);

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await partner.GetAsync($"/api/v1/courses/{Id(course)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await partner.PutAsync($"/api/v1/courses/{Id(course)}/lessons/{lesson1}/completion", null), HttpStatusCode.NotFound, "not_found");
        (await CourseIds(partner)).Should().NotContain(Id(course));

        await ExpectProblem(await Patch($"/api/v1/courses/{Id(course)}", new { status = "published" }, null), HttpStatusCode.PreconditionRequired, "precondition_required");
        await ExpectProblem(await Patch($"/api/v1/courses/{Id(course)}", new { status = "published" }, "\"9\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        var published = await ExpectJson(await Patch($"/api/v1/courses/{Id(course)}", new { status = "published" }, "\"1\""), HttpStatusCode.OK);
        published["publishedAt"].Should().NotBeNull();
        published["version"]!.GetValue<int>().Should().Be(2);

        (await CourseIds(partner)).Should().Contain(Id(course));
        var first = await ExpectJson(await partner.PutAsync($"/api/v1/courses/{Id(course)}/lessons/{lesson2}/completion", null), HttpStatusCode.OK);
        var again = await ExpectJson(await partner.PutAsync($"/api/v1/courses/{Id(course)}/lessons/{lesson2}/completion", null), HttpStatusCode.OK);
        again["completedAt"]!.GetValue<DateTimeOffset>().Should().Be(first["completedAt"]!.GetValue<DateTimeOffset>(), "completing again changes nothing");
        first["courseId"]!.GetValue<string>().Should().Be(Id(course));
        first["lessonId"]!.GetValue<string>().Should().Be(lesson2);

        var detail = await ExpectJson(await partner.GetAsync($"/api/v1/courses/{Id(course)}"), HttpStatusCode.OK);
        detail["course"]!["lessonCount"]!.GetValue<int>().Should().Be(3);
        detail["course"]!["completedLessons"]!.GetValue<int>().Should().Be(1);
        detail["course"]!["progressPercent"]!.GetValue<int>().Should().Be(33);
        detail["lessons"]!.AsArray().Select(l => Id(l!.AsObject())).Should().Equal(lesson1, lesson2, lesson3);
        detail["lessons"]!.AsArray().Select(l => l!["completedAt"] is not null).Should().Equal(false, true, false);
        detail["assignments"]!.AsArray().Select(a => Id(a!.AsObject())).Should().Equal(Id(assignment));
        var listed = (await ExpectJson(await partner.GetAsync("/api/v1/courses"), HttpStatusCode.OK))["items"]!.AsArray().Single(c => Id(c!.AsObject()) == Id(course))!;
        listed["progressPercent"]!.GetValue<int>().Should().Be(33);

        // Head office's own progress is its own: nothing completed.
        var mine = await ExpectJson(await Http.GetAsync($"/api/v1/courses/{Id(course)}"), HttpStatusCode.OK);
        mine["course"]!["completedLessons"]!.GetValue<int>().Should().Be(0);

        // Another kind of organization does not see a course for partners.
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectProblem(await franchisee.GetAsync($"/api/v1/courses/{Id(course)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await franchisee.PutAsync($"/api/v1/courses/{Id(course)}/lessons/{lesson1}/completion", null), HttpStatusCode.NotFound, "not_found");

        var audit = await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(course)}"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty("courses are audited");
    }

    [Fact]
    public async Task The_first_completion_raises_one_event_even_when_completions_race()
    {
        var course = await PublishedCourse(kinds: ["partner"]);
        var lesson = Id(await ExpectJson(
            await Post($"/api/v1/courses/{course}/lessons", new { title = "Видео", kind = "video", videoUrl = "https://video.example/2" }), HttpStatusCode.Created));
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);

        var answers = await Together(8, _ => partner.PutAsync($"/api/v1/courses/{course}/lessons/{lesson}/completion", null));
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.OK);
        var completedAt = await Task.WhenAll(answers.Select(async a => (await ExpectJson(a, HttpStatusCode.OK))["completedAt"]!.GetValue<DateTimeOffset>()));
        completedAt.Distinct().Should().HaveCount(1);

        var events = await CompletionEvents(partner, lesson, 1);
        var data = events.Single()["data"]!;
        data["courseId"]!.GetValue<string>().Should().Be(course);
        data["userId"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        events.Single()["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        (await CompletionEvents(Http, lesson, 1)).Should().HaveCount(1, "head office sees every organization's training events");

        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        (await EventFeedReading.ReadAll(beta, "types=training.lesson_completed"))
            .Where(e => e["data"]!["lessonId"]!.GetValue<string>() == lesson).Should().BeEmpty("another organization's learner does not see it");
    }

    [Fact]
    public async Task Required_courses_come_first_for_their_role_then_by_position()
    {
        var tag = Guid.NewGuid().ToString("N");
        var later = await PublishedCourse(title: $"Б {tag}", position: 0);
        var required = await PublishedCourse(title: $"В {tag}", position: 9000, requiredFor: ["franchisee"]);
        var earlier = await PublishedCourse(title: $"А {tag}", position: 0);

        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var items = (await ExpectJson(await franchisee.GetAsync("/api/v1/courses"), HttpStatusCode.OK))["items"]!.AsArray();
        var ours = items.Where(c => c!["title"]!.GetValue<string>().EndsWith(tag, StringComparison.Ordinal)).Select(c => Id(c!.AsObject())).ToList();
        ours.Should().Equal(required, earlier, later);
        items.TakeWhile(c => c!["required"]!.GetValue<bool>()).Should().Contain(c => Id(c!.AsObject()) == required, "required courses lead the list");

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var forPartner = (await ExpectJson(await partner.GetAsync("/api/v1/courses"), HttpStatusCode.OK))["items"]!.AsArray()
            .Where(c => c!["title"]!.GetValue<string>().EndsWith(tag, StringComparison.Ordinal)).ToList();
        forPartner.Select(c => Id(c!.AsObject())).Should().Equal(earlier, later, required);
        forPartner.Should().OnlyContain(c => !c!["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Lessons_and_assignments_are_checked_against_their_kind_and_references()
    {
        var course = await PublishedCourse();
        var lessons = $"/api/v1/courses/{course}/lessons";
        FieldErrors(await ExpectProblem(await Post(lessons, new { title = "Без статьи", kind = "article" }), HttpStatusCode.BadRequest, "validation_failed"), "articleId")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post(lessons, new { title = "Оба", kind = "video", videoUrl = "https://v.example/1", documentIds = new[] { await HeadOfficeDocument() } }), HttpStatusCode.BadRequest, "validation_failed"), "kind")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post(lessons, new { title = "http", kind = "video", videoUrl = "http://v.example/1" }), HttpStatusCode.BadRequest, "validation_failed"), "videoUrl")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post(lessons, new { title = "Чужая", kind = "article", articleId = Guid.NewGuid() }), HttpStatusCode.BadRequest, "validation_failed"), "articleId")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post(lessons, new { title = "Нет файла", kind = "files", documentIds = new[] { Guid.NewGuid() } }), HttpStatusCode.BadRequest, "validation_failed"), "documentIds")
            .Should().NotBeEmpty();
        await ExpectProblem(await Post(lessons, new { title = "Вид", kind = "podcast" }), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await Post($"/api/v1/courses/{Guid.NewGuid()}/lessons", new { title = "Нет курса", kind = "video", videoUrl = "https://v.example/1" }), HttpStatusCode.NotFound, "not_found");

        var lesson = await ExpectJson(await Post(lessons, new { title = "Видео", kind = "video", videoUrl = "https://v.example/1" }), HttpStatusCode.Created);
        FieldErrors(await ExpectProblem(await Patch($"{lessons}/{Id(lesson)}", new { kind = "files" }, "\"1\""), HttpStatusCode.BadRequest, "validation_failed"), "documentIds")
            .Should().NotBeEmpty("a files lesson needs documents");
        var changed = await ExpectJson(
            await Patch($"{lessons}/{Id(lesson)}", new { kind = "files", videoUrl = (string?)null, documentIds = new[] { await HeadOfficeDocument() } }, "\"1\""), HttpStatusCode.OK);
        changed["kind"]!.GetValue<string>().Should().Be("files");
        changed["videoUrl"].Should().BeNull();
        await ExpectProblem(await Patch($"{lessons}/{Id(lesson)}", new { title = "Старая" }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        await ExpectProblem(await Patch($"/api/v1/courses/{Guid.NewGuid()}/lessons/{Id(lesson)}", new { title = "Чужой курс" }, "*"), HttpStatusCode.NotFound, "not_found");

        var assignments = $"/api/v1/courses/{course}/assignments";
        FieldErrors(await ExpectProblem(
            await Post(assignments, new { title = "Оба срока", instructions = "x", dueDays = 3, dueOn = "2027-01-31", maxPoints = 5 }), HttpStatusCode.BadRequest, "validation_failed"), "dueOn")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post(assignments, new { title = "Баллы", instructions = "x", maxPoints = -1 }), HttpStatusCode.BadRequest, "validation_failed"), "maxPoints")
            .Should().NotBeEmpty();
        await ExpectProblem(await Post(assignments, new { title = "Без баллов", instructions = "x" }), HttpStatusCode.BadRequest, "validation_failed");
        var assignment = await ExpectJson(await Post(assignments, new { title = "Дата", instructions = "x", dueOn = "2027-01-31", maxPoints = 5 }), HttpStatusCode.Created);
        assignment["dueOn"]!.GetValue<string>().Should().Be("2027-01-31");
        var moved = await ExpectJson(await Patch($"{assignments}/{Id(assignment)}", new { dueOn = (string?)null, dueDays = 14 }, "\"1\""), HttpStatusCode.OK);
        moved["dueDays"]!.GetValue<int>().Should().Be(14);
        moved["dueOn"].Should().BeNull();

        FieldErrors(await ExpectProblem(await Post("/api/v1/courses", new { title = "Роли", requiredFor = new[] { "boss" } }), HttpStatusCode.BadRequest, "validation_failed"), "requiredFor")
            .Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Post("/api/v1/courses", new { title = "Виды", audienceKinds = new[] { "bank" } }), HttpStatusCode.BadRequest, "validation_failed"), "audienceKinds")
            .Should().NotBeEmpty();
    }

    [Fact]
    public async Task Learners_cannot_author_and_api_clients_cannot_complete_lessons()
    {
        var course = await PublishedCourse();
        var lesson = Id(await ExpectJson(await Post($"/api/v1/courses/{course}/lessons", new { title = "Видео", kind = "video", videoUrl = "https://v.example/3" }), HttpStatusCode.Created));
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await partner.PostAsync("/api/v1/courses", Body(new { title = "Свой" })), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await partner.PostAsync($"/api/v1/courses/{course}/lessons", Body(new { title = "x", kind = "video", videoUrl = "https://v.example/x" })), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await partner.PutAsync($"/api/v1/courses/{course}/lessons/{Guid.NewGuid()}/completion", null), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Anonymous.GetAsync("/api/v1/courses"), HttpStatusCode.Unauthorized, "unauthorized");

        var clientId = $"training-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "training-secret", TestActors.PartnerAlphaOrganization, ["training.read"]);
        var token = (await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "training.read" }, Basic(clientId, "training-secret"))))["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/courses/{course}/lessons/{lesson}/completion");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        await ExpectProblem(await Anonymous.SendAsync(request), HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<string> PublishedCourse(string? title = null, int position = 0, string[]? kinds = null, string[]? requiredFor = null) =>
        Id(await ExpectJson(
            await Post("/api/v1/courses", new { title = title ?? $"Курс {Guid.NewGuid():N}", status = "published", position, audienceKinds = kinds ?? [], requiredFor = requiredFor ?? [] }),
            HttpStatusCode.Created));

    private async Task<string> Article()
    {
        var section = Id(await ExpectJson(await Post("/api/v1/knowledge/sections", new { title = "Обучение" }), HttpStatusCode.Created));
        return Id(await ExpectJson(await Post("/api/v1/knowledge/articles", new { sectionId = section, title = "Урок", body = "Текст", status = "published" }), HttpStatusCode.Created));
    }

    private Task<string> HeadOfficeDocument() => Documents.DocumentForms.UploadPdfAsync(Http, "lesson.pdf");

    private static async Task<List<string>> CourseIds(HttpClient http) =>
        (await ExpectJson(await http.GetAsync("/api/v1/courses"), HttpStatusCode.OK))["items"]!.AsArray().Select(c => Id(c!.AsObject())).ToList();

    /// <summary>The <c>training.lesson_completed</c> events of a lesson the caller sees, waiting until there are <paramref name="count"/>.</summary>
    internal static async Task<List<JsonObject>> CompletionEvents(HttpClient http, string lessonId, int count)
    {
        for (var waited = 0; ; waited += 100)
        {
            var events = (await EventFeedReading.ReadAll(http, "types=training.lesson_completed"))
                .Where(e => e["data"]!["lessonId"]!.GetValue<string>() == lessonId).ToList();
            if (events.Count >= count || waited > 10_000)
            {
                await Task.Delay(300);
                events = (await EventFeedReading.ReadAll(http, "types=training.lesson_completed"))
                    .Where(e => e["data"]!["lessonId"]!.GetValue<string>() == lessonId).ToList();
                events.Should().HaveCount(count);
                return events;
            }

            await Task.Delay(100);
        }
    }
}
