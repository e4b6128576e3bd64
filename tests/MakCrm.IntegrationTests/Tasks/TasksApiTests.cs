using System.Net;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Tasks;

public sealed class TasksApiTests(ApiServerFixture server) : TaskTest(server)
{
    [Fact]
    public async Task Create_without_an_assignee_gives_the_task_to_the_caller_and_notifies_nobody()
    {
        var client = await CreateClient();
        var due = DateTimeOffset.UtcNow.AddDays(2);

        var response = await Post("/api/v1/tasks", new { subjectType = "client", subjectId = Id(client), title = "  Позвонить  ", description = "Уточнить доход", dueAt = due });

        var task = await ExpectJson(response, HttpStatusCode.Created);
        var admin = await UserId(TestActor.Admin);
        task["title"]!.GetValue<string>().Should().Be("Позвонить");
        task["description"]!.GetValue<string>().Should().Be("Уточнить доход");
        task["assigneeUserId"]!.GetValue<string>().Should().Be(admin.ToString());
        task["createdBy"]!.GetValue<string>().Should().Be(admin.ToString());
        task["organizationId"]!.GetValue<string>().Should().Be(MakCrm.Domain.Organizations.Organization.HeadOfficeId.ToString());
        task["subjectType"]!.GetValue<string>().Should().Be("client");
        task["dueAt"]!.GetValue<DateTimeOffset>().Should().BeCloseTo(due, TimeSpan.FromMilliseconds(1));
        task["remindAt"].Should().BeNull();
        task["doneAt"].Should().BeNull();
        task["reminderSentAt"].Should().BeNull();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/tasks/{Id(task)}");
        ETagOf(response).Should().Be("\"1\"");
        (await ExpectJson(await Http.GetAsync($"/api/v1/tasks/{Id(task)}"), HttpStatusCode.OK)).ToJsonString().Should().Be(task.ToJsonString());
        (await Notifications(Http)).Should().BeEmpty();
    }

    [Fact]
    public async Task Giving_a_task_to_somebody_else_notifies_them_and_is_audited()
    {
        var client = await CreateClient();
        // A lead admin is responsible for: one nobody is would be announced to the employee as well.
        var admin = await UserId(TestActor.Admin);
        var lead = await ExpectJson(
            await Post("/api/v1/leads", new
            {
                clientId = Id(client), requestedAmount = 1_000_000m, product = "mortgage", responsibleUserId = admin,
            }),
            HttpStatusCode.Created);
        var employee = await UserId(TestActor.Employee);

        var task = await CreateTask(Id(lead), "lead", employee);

        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var notification = (await Notifications(employeeHttp)).Should().ContainSingle().Subject!;
        notification["kind"]!.GetValue<string>().Should().Be("task_assigned");
        notification["subjectType"]!.GetValue<string>().Should().Be("task");
        notification["subjectId"]!.GetValue<string>().Should().Be(Id(task));
        notification["title"]!.GetValue<string>().Should().Contain("Перезвонить клиенту");
        notification["readAt"].Should().BeNull();
        (await ExpectJson(await employeeHttp.GetAsync("/api/v1/notifications/unread-count"), HttpStatusCode.OK))["count"]!.GetValue<int>().Should().Be(1);

        var actions = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Infrastructure.Auditing.AuditEvent>()
            .Where(e => e.EntityId == Guid.Parse(Id(task))).Select(e => e.Action).ToListAsync());
        actions.Should().Equal("crm_task.created");
    }

    [Fact]
    public async Task A_failed_create_leaves_no_notification_behind()
    {
        var client = await CreateClient();
        var employee = await UserId(TestActor.Employee);

        var response = await Post("/api/v1/tasks", new { subjectType = "client", subjectId = Id(client), title = "Т", assigneeUserId = employee, dueAt = In(TimeSpan.FromHours(1)), remindAt = In(TimeSpan.FromHours(2)) });

        await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        (await Notifications(employeeHttp)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"subjectType":"client","dueAt":"2030-01-01T00:00:00Z"}""", "title", "Is required.")]
    [InlineData("""{"subjectType":"client","title":"   ","dueAt":"2030-01-01T00:00:00Z"}""", "title", "Must not be empty.")]
    [InlineData("""{"subjectType":"client","title":"T"}""", "dueAt", "Is required.")]
    [InlineData("""{"subjectType":"client","title":"T","dueAt":"tomorrow"}""", "dueAt", null)]
    [InlineData("""{"subjectType":"invoice","title":"T","dueAt":"2030-01-01T00:00:00Z"}""", "subjectType", "Must be one of: client, lead, deal.")]
    [InlineData("""{"subjectType":"deal","title":"T","dueAt":"2030-01-01T00:00:00Z"}""", "subjectId", null)]
    [InlineData("""{"subjectType":"client","title":"T","dueAt":"2030-01-01T00:00:00Z","remindAt":"2030-01-01T00:00:01Z"}""", "remindAt", "Must not be later than dueAt.")]
    [InlineData("""{"subjectType":"client","title":"T","dueAt":"2030-01-01T00:00:00Z","assigneeUserId":"0192f0c1-0000-7000-8000-00000000dead"}""", "assigneeUserId", null)]
    [InlineData("""{"subjectType":"client","title":"T","dueAt":"2030-01-01T00:00:00Z","assigneeUserId":"bob"}""", "assigneeUserId", "Must be a UUID.")]
    [InlineData("""{"subjectType":"client","title":"T","dueAt":"2030-01-01T00:00:00Z","description":7}""", "description", "Must be a string.")]
    [InlineData("""{"subjectType":"client","title":"T","dueAt":"2030-01-01T00:00:00Z","done":true}""", "done", "Is not a field of this request.")]
    public async Task Invalid_fields_are_field_errors(string bodyWithoutSubject, string field, string? message)
    {
        var client = await CreateClient();
        var body = bodyWithoutSubject.Replace("{", $"{{\"subjectId\":\"{Id(client)}\",", StringComparison.Ordinal);

        var problem = await ExpectProblem(await Post("/api/v1/tasks", body), HttpStatusCode.BadRequest, "validation_failed");

        var errors = FieldErrors(problem, field);
        errors.Should().NotBeEmpty();
        if (message is not null)
        {
            errors.Should().Equal(message);
        }
    }

    [Fact]
    public async Task Titles_and_descriptions_have_limits()
    {
        var client = await CreateClient();
        var problem = await ExpectProblem(
            await Post("/api/v1/tasks", new { subjectType = "client", subjectId = Id(client), title = new string('т', 201), description = new string('о', 4001), dueAt = In(TimeSpan.FromDays(1)) }),
            HttpStatusCode.BadRequest,
            "validation_failed");
        FieldErrors(problem, "title").Should().Equal("Must be at most 200 characters.");
        FieldErrors(problem, "description").Should().Equal("Must be at most 4000 characters.");
    }

    [Fact]
    public async Task The_subject_must_exist_in_the_callers_scope()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var alphaClient = await ExpectJson(await alpha.PostAsync("/api/v1/clients", new StringContent(Json(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" }), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created);

        foreach (var (type, id) in new[] { ("client", Id(alphaClient)), ("lead", Guid.CreateVersion7().ToString()), ("client", Guid.CreateVersion7().ToString()) })
        {
            var response = await beta.PostAsync("/api/v1/tasks", new StringContent(Json(new { subjectType = type, subjectId = id, title = "Чужое", dueAt = In(TimeSpan.FromDays(1)) }), System.Text.Encoding.UTF8, "application/json"));
            var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, "subjectId").Should().ContainSingle().Which.Should().Contain(id);
        }
    }

    [Fact]
    public async Task Partners_assign_within_their_organization_and_head_office_across_organizations()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var alphaClient = await ExpectJson(await alpha.PostAsync("/api/v1/clients", new StringContent(Json(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" }), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        var alphaUser = await UserId(TestActor.PartnerAlpha);
        var betaUser = await UserId(TestActor.PartnerBeta);

        var refused = await alpha.PostAsync("/api/v1/tasks", new StringContent(Json(new { subjectType = "client", subjectId = Id(alphaClient), title = "Т", assigneeUserId = betaUser, dueAt = In(TimeSpan.FromDays(1)) }), System.Text.Encoding.UTF8, "application/json"));
        FieldErrors(await ExpectProblem(refused, HttpStatusCode.BadRequest, "validation_failed"), "assigneeUserId").Should().ContainSingle();

        var byHeadOffice = await CreateTask(Id(alphaClient), assignee: alphaUser);
        byHeadOffice["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        var seen = await ExpectJson(await alpha.GetAsync("/api/v1/tasks?assignee=me"), HttpStatusCode.OK);
        seen["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).Should().Equal(Id(byHeadOffice));
        (await Notifications(alpha)).Should().ContainSingle().Which!["kind"]!.GetValue<string>().Should().Be("task_assigned");
    }

    [Fact]
    public async Task Disabled_users_cannot_be_assigned()
    {
        var client = await CreateClient();
        var user = await Server.CreateUserAsync($"disabled-{Guid.NewGuid():N}@test.mak", "employee", MakCrm.Domain.Organizations.Organization.HeadOfficeId);
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            return await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        });

        var problem = await ExpectProblem(
            await Post("/api/v1/tasks", new { subjectType = "client", subjectId = Id(client), title = "Т", assigneeUserId = user.Id, dueAt = In(TimeSpan.FromDays(1)) }),
            HttpStatusCode.BadRequest,
            "validation_failed");
        FieldErrors(problem, "assigneeUserId").Should().ContainSingle().Which.Should().Contain(user.Id.ToString());
    }

    [Fact]
    public async Task An_api_client_must_name_the_assignee()
    {
        var client = await CreateClient();
        await RegisterApiClient("tasks-platform", "tasks-secret-value", MakCrm.Domain.Organizations.Organization.HeadOfficeId, ["tasks.write", "tasks.read.own", "clients.read.all"]);
        var token = (await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic("tasks-platform", "tasks-secret-value"))))["access_token"]!.GetValue<string>();
        using var platform = Server.CreateHttpClient(token);

        var withoutAssignee = await platform.PostAsync("/api/v1/tasks", new StringContent(Json(new { subjectType = "client", subjectId = Id(client), title = "Т", dueAt = In(TimeSpan.FromDays(1)) }), System.Text.Encoding.UTF8, "application/json"));
        FieldErrors(await ExpectProblem(withoutAssignee, HttpStatusCode.BadRequest, "validation_failed"), "assigneeUserId").Should().ContainSingle();

        var employee = await UserId(TestActor.Employee);
        var task = await CreateTask(platform, new { subjectType = "client", subjectId = Id(client), title = "Т", assigneeUserId = employee, dueAt = In(TimeSpan.FromDays(1)) });
        task["createdBy"].Should().BeNull();
        await ExpectProblem(await platform.GetAsync("/api/v1/tasks?assignee=me"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task List_filters_by_assignee_subject_state_and_due_time()
    {
        var client = await CreateClient();
        var other = await CreateClient();
        var employee = await UserId(TestActor.Employee);
        var overdue = await CreateTask(Id(client), due: TimeSpan.FromHours(-2));
        var soon = await CreateTask(Id(client), due: TimeSpan.FromHours(3));
        var later = await CreateTask(Id(other), due: TimeSpan.FromDays(3), assignee: employee);
        var done = await CreateTask(Id(other), due: TimeSpan.FromHours(-1));
        await ExpectJson(await Http.PostAsync($"/api/v1/tasks/{Id(done)}/completion", null), HttpStatusCode.OK);

        (await ListAllIds("/api/v1/tasks", 2)).Should().Equal(Id(overdue), Id(done), Id(soon), Id(later));
        (await ListAllIds("/api/v1/tasks?sort=-dueAt", 3)).Should().Equal(Id(later), Id(soon), Id(done), Id(overdue));
        (await ListAllIds("/api/v1/tasks?assignee=me", 10)).Should().Equal(Id(overdue), Id(done), Id(soon));
        (await ListAllIds($"/api/v1/tasks?assignee={employee}", 10)).Should().Equal(Id(later));
        (await ListAllIds($"/api/v1/tasks?subjectType=client&subjectId={Id(client)}", 10)).Should().Equal(Id(overdue), Id(soon));
        (await ListAllIds("/api/v1/tasks?subjectType=lead", 10)).Should().BeEmpty();
        (await ListAllIds("/api/v1/tasks?done=true", 10)).Should().Equal(Id(done));
        (await ListAllIds("/api/v1/tasks?done=false", 10)).Should().Equal(Id(overdue), Id(soon), Id(later));
        (await ListAllIds("/api/v1/tasks?overdue=true", 10)).Should().Equal(Id(overdue));
        (await ListAllIds("/api/v1/tasks?overdue=false", 10)).Should().Equal(Id(done), Id(soon), Id(later));
        var now = Uri.EscapeDataString(In(TimeSpan.Zero));
        var tomorrow = Uri.EscapeDataString(In(TimeSpan.FromDays(1)));
        (await ListAllIds($"/api/v1/tasks?dueFrom={now}&dueTo={tomorrow}", 10)).Should().Equal(Id(soon));
        (await ListAllIds($"/api/v1/tasks?dueFrom={now}", 10)).Should().Equal(Id(soon), Id(later));
        (await ListAllIds($"/api/v1/tasks?dueTo={now}", 10)).Should().Equal(Id(overdue), Id(done));

        // The deprecated names filter the same way, and every answer to them says so until their sunset.
        var deprecated = await Http.GetAsync($"/api/v1/tasks?dueAfter={now}&dueBefore={tomorrow}&limit=10");
        var page = await ExpectJson(deprecated, HttpStatusCode.OK);
        page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).Should().Equal(Id(soon));
        deprecated.Headers.GetValues("Deprecation").Should().Equal(
            "@" + new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());
        deprecated.Headers.GetValues("Sunset").Should().Equal("Tue, 01 Jun 2027 00:00:00 GMT");
        deprecated.Headers.GetValues("Link").Should().Equal(
            "</swagger/index.html#/Tasks/listTasks>; rel=\"deprecation\"; type=\"text/html\"");
        var current = await Http.GetAsync($"/api/v1/tasks?dueFrom={now}&dueTo={tomorrow}");
        current.Headers.Contains("Deprecation").Should().BeFalse();
        current.Headers.Contains("Sunset").Should().BeFalse();
    }

    [Theory]
    [InlineData("assignee=bob", "assignee")]
    [InlineData("subjectType=invoice", "subjectType")]
    [InlineData("sort=title", "sort")]
    [InlineData("limit=0", "limit")]
    [InlineData("dueFrom=2030-01-02T00:00:00Z&dueTo=2030-01-01T00:00:00Z", "dueTo")]
    [InlineData("dueAfter=2030-01-02T00:00:00Z&dueBefore=2030-01-01T00:00:00Z", "dueTo")]
    [InlineData("dueAfter=2030-01-01T00:00:00Z&dueFrom=2030-01-01T00:00:00Z", "dueAfter")]
    [InlineData("dueBefore=2030-01-01T00:00:00Z&dueTo=2030-01-02T00:00:00Z", "dueBefore")]
    [InlineData("cursor=nonsense", "cursor")]
    public async Task Invalid_list_parameters_are_field_errors(string query, string field)
    {
        var response = await Http.GetAsync($"/api/v1/tasks?{query}");

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, field == "cursor" ? "invalid_cursor" : "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Patch_changes_fields_needs_the_current_etag_and_notifies_a_new_assignee()
    {
        var client = await CreateClient();
        var task = await CreateTask(Id(client));
        var url = $"/api/v1/tasks/{Id(task)}";
        var employee = await UserId(TestActor.Employee);

        await ExpectProblem(await Patch(url, new { title = "Другое" }, null), (HttpStatusCode)428, "precondition_required");
        var first = await Patch(url, new { title = "Другое", description = "Подробно", remindAt = In(TimeSpan.FromHours(20)) }, "\"1\"");
        var patched = await ExpectJson(first, HttpStatusCode.OK);
        patched["title"]!.GetValue<string>().Should().Be("Другое");
        patched["remindAt"].Should().NotBeNull();
        ETagOf(first).Should().Be("\"2\"");
        await ExpectProblem(await Patch(url, new { title = "Старое" }, "\"1\""), HttpStatusCode.PreconditionFailed, "precondition_failed");

        var reassigned = await Send(HttpMethod.Patch, url, Json(new { assigneeUserId = employee, description = (string?)null, remindAt = (string?)null }), "application/merge-patch+json", "\"2\"");
        var result = await ExpectJson(reassigned, HttpStatusCode.OK);
        result["assigneeUserId"]!.GetValue<string>().Should().Be(employee.ToString());
        result["description"].Should().BeNull();
        result["remindAt"].Should().BeNull();
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        (await Notifications(employeeHttp)).Should().ContainSingle().Which!["subjectId"]!.GetValue<string>().Should().Be(Id(task));
    }

    [Theory]
    [InlineData("""{"title":null}""", "title")]
    [InlineData("""{"title":""}""", "title")]
    [InlineData("""{"dueAt":null}""", "dueAt")]
    [InlineData("""{"assigneeUserId":null}""", "assigneeUserId")]
    [InlineData("""{"dueAt":"2000-01-01T00:00:00Z","remindAt":"2000-01-02T00:00:00Z"}""", "remindAt")]
    [InlineData("""{"subjectType":"lead"}""", "subjectType")]
    public async Task Patch_refuses_invalid_values_and_fields(string body, string field)
    {
        var client = await CreateClient();
        var task = await CreateTask(Id(client));

        var response = await Send(HttpMethod.Patch, $"/api/v1/tasks/{Id(task)}", body, "application/merge-patch+json", "\"1\"");

        FieldErrors(await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed"), field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Completion_is_idempotent()
    {
        var client = await CreateClient();
        var task = await CreateTask(Id(client));
        var url = $"/api/v1/tasks/{Id(task)}/completion";

        var first = await Http.PostAsync(url, null);
        var done = await ExpectJson(first, HttpStatusCode.OK);
        var again = await Http.PostAsync(url, null);

        done["doneAt"].Should().NotBeNull();
        done["doneBy"]!.GetValue<string>().Should().Be((await UserId(TestActor.Admin)).ToString());
        ETagOf(first).Should().Be("\"2\"");
        (await ExpectJson(again, HttpStatusCode.OK)).ToJsonString().Should().Be(done.ToJsonString());
        ETagOf(again).Should().Be("\"2\"");
        await ExpectProblem(await Http.PostAsync($"/api/v1/tasks/{Guid.CreateVersion7()}/completion", null), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Delete_hides_the_task_and_honours_if_match()
    {
        var client = await CreateClient();
        var task = await CreateTask(Id(client));
        var url = $"/api/v1/tasks/{Id(task)}";

        await ExpectProblem(await Send(HttpMethod.Delete, url, ifMatch: "\"7\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await Send(HttpMethod.Delete, url, ifMatch: "\"1\"")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await ExpectProblem(await Http.GetAsync(url), HttpStatusCode.NotFound, "not_found");
        (await ListAllIds("/api/v1/tasks", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Another_organizations_task_does_not_exist_for_a_partner()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var alphaClient = await ExpectJson(await alpha.PostAsync("/api/v1/clients", new StringContent(Json(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" }), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        var task = await CreateTask(alpha, new { subjectType = "client", subjectId = Id(alphaClient), title = "Т", dueAt = In(TimeSpan.FromDays(1)) });
        var url = $"/api/v1/tasks/{Id(task)}";

        await ExpectProblem(await beta.GetAsync(url), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.PostAsync($"{url}/completion", null), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.DeleteAsync(url), HttpStatusCode.NotFound, "not_found");
        var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new StringContent("""{"title":"Моё"}""", System.Text.Encoding.UTF8, "application/merge-patch+json") };
        patch.Headers.TryAddWithoutValidation("If-Match", "*");
        await ExpectProblem(await beta.SendAsync(patch), HttpStatusCode.NotFound, "not_found");
        var listed = await ExpectJson(await beta.GetAsync("/api/v1/tasks"), HttpStatusCode.OK);
        listed["items"]!.AsArray().Should().BeEmpty();
    }
}
