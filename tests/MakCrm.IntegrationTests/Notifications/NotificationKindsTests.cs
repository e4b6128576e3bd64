using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Application.Common;
using MakCrm.Domain.Notifications;
using MakCrm.Domain.Organizations;
using MakCrm.Domain.Tasks;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Reminders;
using MakCrm.IntegrationTests.Tasks;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Notifications;

/// <summary>The notifications of lead changes, registration decisions and overdue tasks, and the channel preferences that filter them.</summary>
public sealed class NotificationKindsTests(ApiServerFixture server) : TaskTest(server)
{
    [Fact]
    public async Task A_status_change_tells_the_organizations_lead_readers_and_the_responsible_but_never_the_mover()
    {
        var employee = await UserId(TestActor.Employee);
        var lead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""), HttpStatusCode.OK);

        var told = await Kinds(NotificationKind.LeadStatusChanged, Guid.Parse(Id(lead)));
        told.Should().Contain(employee).And.NotContain(await UserId(TestActor.Admin), "the admin moved it")
            .And.NotContain(await UserId(TestActor.Guest), "the guest may not read leads")
            .And.NotContain(await UserId(TestActor.PartnerAlpha), "another organization's user");
        told.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_lead_given_to_a_user_tells_that_user_unless_they_gave_it_to_themselves()
    {
        var employee = await UserId(TestActor.Employee);
        var admin = await UserId(TestActor.Admin);
        var client = await CreateClient();
        var created = await ExpectJson(await Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = 500_000m, product = "mortgage", responsibleUserId = employee }), HttpStatusCode.Created);
        var mine = await ExpectJson(await Post("/api/v1/leads", new { clientId = Id(await CreateClient()), requestedAmount = 500_000m, product = "mortgage", responsibleUserId = admin }), HttpStatusCode.Created);

        (await Kinds(NotificationKind.LeadAssigned, Guid.Parse(Id(created)))).Should().Equal(employee);
        (await Kinds(NotificationKind.LeadAssigned, Guid.Parse(Id(mine)))).Should().BeEmpty();

        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var patched = await employeeHttp.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/leads/{Id(mine)}")
        {
            Content = Body(new { responsibleUserId = employee }),
            Headers = { { "If-Match", "\"1\"" } },
        });
        await ExpectJson(patched, HttpStatusCode.OK);
        (await Kinds(NotificationKind.LeadAssigned, Guid.Parse(Id(mine)))).Should().BeEmpty("the employee took it themselves");

        await ExpectJson(await Patch($"/api/v1/leads/{Id(mine)}", new { responsibleUserId = employee }, "\"2\""), HttpStatusCode.OK);
        (await Kinds(NotificationKind.LeadAssigned, Guid.Parse(Id(mine)))).Should().BeEmpty("nothing changed");
    }

    [Fact]
    public async Task A_registration_decision_tells_the_registering_owner_in_the_cabinet_and_mails_only_its_letter()
    {
        var email = $"owner-{Guid.NewGuid():N}@partner.example";
        var body = RegistrationBody(email);
        body["contactPhone"] = UniquePhone();
        var organization = Id(await ExpectJson(await Anonymous.PostAsync("/api/v1/registrations", Body(body)), HttpStatusCode.Created));
        await ExpectJson(await Http.PostAsync($"/api/v1/organizations/{organization}/approve", null), HttpStatusCode.OK);

        var rows = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Notifications.Notification>()
            .Where(n => n.OrganizationId == Guid.Parse(organization)).Select(n => n.Kind).ToListAsync());
        rows.Should().Equal(NotificationKind.RegistrationDecided);
        (await Mails(email, "notification")).Should().Be(0, "the decision's own letter is its e-mail");
        (await Mails(email, "registration_approved")).Should().Be(1);
    }

    [Fact]
    public async Task Two_dispatchers_at_once_tell_each_overdue_task_once_per_due_time()
    {
        var employee = await UserId(TestActor.Employee);
        var ids = await AddOverdueTasks(60, employee);

        await Task.WhenAll(DrainOverdueAsync(), DrainOverdueAsync());
        await DrainOverdueAsync();

        var perTask = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Notifications.Notification>()
            .Where(n => n.Kind == NotificationKind.TaskOverdue && ids.Contains(n.SubjectId!.Value))
            .GroupBy(n => n.SubjectId).Select(g => new { Count = g.Count(), Recipients = g.Select(n => n.RecipientUserId).Distinct().Count() }).ToListAsync());
        perTask.Should().HaveCount(60).And.OnlyContain(t => t.Count == 1 && t.Recipients == 1);
        var overdueEvents = await Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .SqlQuery<Guid>($"SELECT resource_id AS \"Value\" FROM events WHERE type = 'task.overdue'").ToListAsync());
        overdueEvents.Where(ids.Contains).Should().HaveCount(60).And.OnlyHaveUniqueItems("each overdue task raises task.overdue once, with its notice");
        (await Mails(TestActor.Employee.Email(), "notification")).Should().BeGreaterThanOrEqualTo(60, "e-mail is on for task_overdue by default");

        var one = ids.First();
        await ExpectJson(await Patch($"/api/v1/tasks/{one}", new { dueAt = In(TimeSpan.FromHours(1)) }, "\"2\""), HttpStatusCode.OK);
        await DrainOverdueAsync();
        (await OverdueCount(one)).Should().Be(1, "the new due time has not passed");
        await ExpectJson(await Patch($"/api/v1/tasks/{one}", new { dueAt = In(TimeSpan.FromSeconds(-1)) }, "\"3\""), HttpStatusCode.OK);
        await DrainOverdueAsync();
        (await OverdueCount(one)).Should().Be(2, "a due time other than the one told, and passed, is told once more");
    }

    [Fact]
    public async Task Done_and_not_yet_due_tasks_are_never_overdue()
    {
        var client = await CreateClient();
        var employee = await UserId(TestActor.Employee);
        var done = await CreateTask(Id(client), assignee: employee, due: TimeSpan.FromMinutes(-5));
        await ExpectJson(await Http.PostAsync($"/api/v1/tasks/{Id(done)}/completion", null), HttpStatusCode.OK);
        var waiting = await CreateTask(Id(client), assignee: employee, due: TimeSpan.FromHours(1));

        await DrainOverdueAsync();

        (await OverdueCount(Guid.Parse(Id(done)))).Should().Be(0);
        (await OverdueCount(Guid.Parse(Id(waiting)))).Should().Be(0);
    }

    [Fact]
    public async Task Preferences_start_at_the_defaults_and_a_replacement_is_stored_and_idempotent()
    {
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        var defaults = Items(await ExpectJson(await employeeHttp.GetAsync("/api/v1/me/notification-preferences"), HttpStatusCode.OK));
        defaults.Should().HaveCount(Enum.GetValues<NotificationKind>().Length * 4).And.OnlyContain(p => !p.Chosen);
        defaults.Where(p => p.Channel == "in_app").Should().OnlyContain(p => p.Enabled);
        defaults.Where(p => p.Channel is "telegram" or "whatsapp").Should().OnlyContain(p => !p.Enabled);
        defaults.Where(p => p.Channel == "email" && p.Enabled).Select(p => p.Kind).Should().BeEquivalentTo(
            "registration_decided", "task_overdue", "lead_assigned", "lead_handed_over", "ticket_message_added",
            "ticket_status_changed", "homework_decided", "training_event_registered", "training_event_changed",
            "invoice_overdue", "integration_failed");

        var choice = new { items = new object[] { new { kind = "lead_status_changed", channel = "in_app", enabled = false }, new { kind = "task_assigned", channel = "telegram", enabled = true } } };
        var first = await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(choice)), HttpStatusCode.OK);
        var again = await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(choice)), HttpStatusCode.OK);
        var read = await ExpectJson(await employeeHttp.GetAsync("/api/v1/me/notification-preferences"), HttpStatusCode.OK);

        again.ToJsonString().Should().Be(first.ToJsonString());
        read.ToJsonString().Should().Be(first.ToJsonString());
        Items(read).Where(p => p.Chosen).Should().BeEquivalentTo([("lead_status_changed", "in_app", false, true), ("task_assigned", "telegram", true, true)]);

        await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(new { items = Array.Empty<object>() })), HttpStatusCode.OK);
        Items(await ExpectJson(await employeeHttp.GetAsync("/api/v1/me/notification-preferences"), HttpStatusCode.OK)).Should().OnlyContain(p => !p.Chosen);
    }

    [Fact]
    public async Task In_app_off_writes_no_notification_and_email_on_writes_one_mail()
    {
        var employee = await UserId(TestActor.Employee);
        using var employeeHttp = await Server.CreateHttpClientAsync(TestActor.Employee);
        await ExpectJson(await employeeHttp.PutAsync("/api/v1/me/notification-preferences", Body(new
        {
            items = new object[]
            {
                new { kind = "lead_status_changed", channel = "in_app", enabled = false },
                new { kind = "task_assigned", channel = "email", enabled = true },
            },
        })), HttpStatusCode.OK);
        var before = await Mails(TestActor.Employee.Email(), "notification");

        var lead = await CreateLead(Id(await CreateClient()));
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { status = "in_progress" }, "\"1\""), HttpStatusCode.OK);
        var task = await CreateTask(Id(await CreateClient()), assignee: employee);

        (await Kinds(NotificationKind.LeadStatusChanged, Guid.Parse(Id(lead)))).Should().NotContain(employee);
        (await Kinds(NotificationKind.TaskAssigned, Guid.Parse(Id(task)))).Should().Equal(employee);
        (await Mails(TestActor.Employee.Email(), "notification")).Should().Be(before + 1, "one mail for the task, none for the status (e-mail is off for it)");
    }

    [Theory]
    [InlineData("{\"items\":[{\"kind\":\"lead_exploded\",\"channel\":\"in_app\",\"enabled\":true}]}", "items[0].kind")]
    [InlineData("{\"items\":[{\"kind\":\"lead_assigned\",\"channel\":\"pigeon\",\"enabled\":true}]}", "items[0].channel")]
    [InlineData("{\"items\":[{\"kind\":\"lead_assigned\",\"channel\":\"email\",\"enabled\":true},{\"kind\":\"lead_assigned\",\"channel\":\"email\",\"enabled\":false}]}", "items[1]")]
    [InlineData("{}", "items")]
    public async Task A_wrong_replacement_is_a_validation_problem(string json, string field)
    {
        var response = await Send(HttpMethod.Put, "/api/v1/me/notification-preferences", json);

        FieldErrors(await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed"), field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Preferences_need_a_signed_in_user()
    {
        (await Anonymous.GetAsync("/api/v1/me/notification-preferences")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var platform = await Platform(["tasks.read.own"]);
        await ExpectProblem(await platform.GetAsync("/api/v1/me/notification-preferences"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_api_client_with_the_scope_reads_and_marks_read_a_user_of_its_own_organization()
    {
        var alpha = await UserId(TestActor.PartnerAlpha);
        var client = await ExpectJson(await (await Server.CreateHttpClientAsync(TestActor.PartnerAlpha)).PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        await ExpectJson(await Post("/api/v1/tasks", new { subjectType = "client", subjectId = Id(client), title = "Позвонить", assigneeUserId = alpha, dueAt = In(TimeSpan.FromHours(2)) }), HttpStatusCode.Created);
        using var platform = await Platform(["notifications.read"]);

        var page = await ExpectJson(await platform.GetAsync($"/api/v1/notifications?userId={alpha}"), HttpStatusCode.OK);
        var notification = page["items"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        (await ExpectJson(await platform.GetAsync($"/api/v1/notifications/unread-count?userId={alpha}"), HttpStatusCode.OK))["count"]!.GetValue<int>().Should().Be(1);
        (await ExpectJson(await platform.PostAsync($"/api/v1/notifications/{Id(notification)}/read?userId={alpha}", null), HttpStatusCode.OK))["readAt"].Should().NotBeNull();
        (await platform.PostAsync($"/api/v1/notifications/read-all?userId={alpha}", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        FieldErrors(await ExpectProblem(await platform.GetAsync("/api/v1/notifications"), HttpStatusCode.BadRequest, "validation_failed"), "userId").Should().NotBeEmpty();
        await ExpectProblem(await platform.GetAsync($"/api/v1/notifications?userId={await UserId(TestActor.PartnerBeta)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await platform.PostAsync($"/api/v1/notifications/{Id(notification)}/read?userId={await UserId(TestActor.Employee)}", null), HttpStatusCode.NotFound, "not_found");
        FieldErrors(await ExpectProblem(await Http.GetAsync($"/api/v1/notifications?userId={alpha}"), HttpStatusCode.BadRequest, "validation_failed"), "userId").Should().NotBeEmpty();
        (await Http.GetAsync($"/api/v1/notifications?userId={await UserId(TestActor.Admin)}")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var without = await Platform(["tasks.read.own"]);
        await ExpectProblem(await without.GetAsync($"/api/v1/notifications?userId={alpha}"), HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<HttpClient> Platform(string[] scopes)
    {
        var clientId = $"platform-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "notified-secret-value", TestActors.PartnerAlphaOrganization, scopes);
        var token = (await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, "notified-secret-value"))))["access_token"]!.GetValue<string>();
        return Server.CreateHttpClient(token);
    }

    private static List<(string Kind, string Channel, bool Enabled, bool Chosen)> Items(JsonObject preferences) =>
        [.. preferences["items"]!.AsArray().Select(p => (p!["kind"]!.GetValue<string>(), p["channel"]!.GetValue<string>(), p["enabled"]!.GetValue<bool>(), p["chosen"]!.GetValue<bool>()))];

    private Task<List<Guid>> Kinds(NotificationKind kind, Guid subject) =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Notifications.Notification>()
            .Where(n => n.Kind == kind && n.SubjectId == subject).Select(n => n.RecipientUserId).ToListAsync());

    private Task<int> OverdueCount(Guid task) =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>()
            .Set<MakCrm.Domain.Notifications.Notification>()
            .CountAsync(n => n.Kind == NotificationKind.TaskOverdue && n.SubjectId == task));

    private Task<int> Mails(string to, string template) =>
        Server.WithServicesAsync(services => services.GetRequiredService<MakCrmDbContext>().Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM mail_outbox WHERE to_address = {to} AND template = {template}").SingleAsync());

    private Task<HashSet<Guid>> AddOverdueTasks(int count, Guid assignee) =>
        Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            var clock = TimeProvider.System;
            var now = clock.UtcNowMicroseconds();
            var ids = new HashSet<Guid>();
            for (var i = 0; i < count; i++)
            {
                var details = new TaskDetails($"Задача {i}", null, assignee, now.AddMinutes(-1 - (i % 7)), null);
                var task = CrmTask.Create(clock.NewId(), Organization.HeadOfficeId, TaskSubjectType.Client, Guid.CreateVersion7(), details, assignee, now).Value;
                db.Set<MakCrm.Domain.Tasks.CrmTask>().Add(task);
                ids.Add(task.Id);
            }

            await db.SaveChangesAsync();
            return ids;
        });

    private async Task DrainOverdueAsync()
    {
        while (await Server.WithServicesAsync(services => services.GetRequiredService<TaskReminderDispatcher>().DeliverOverdueBatchAsync(CancellationToken.None)) > 0)
        {
        }
    }
}
