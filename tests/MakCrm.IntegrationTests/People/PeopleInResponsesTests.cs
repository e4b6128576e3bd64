using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Persistence;
using MakCrm.IntegrationTests.Deals;
using MakCrm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.People;

/// <summary>Users named in responses with their names, whom leads, deals and tasks may be given to, and the pickers that list them.</summary>
public sealed class PeopleInResponsesTests(ApiServerFixture server) : DealTest(server)
{
    private static readonly TestActor[] Everybody = Enum.GetValues<TestActor>();

    [Fact]
    public async Task Leads_deals_and_tasks_name_their_users_in_get_and_list_and_a_disabled_user_keeps_its_name()
    {
        // A user of its own, since a disabled test actor could not sign in for the next test.
        var employeeEmail = $"employee-{Guid.NewGuid():N}@test.mak";
        var employee = (await Server.CreateUserAsync(employeeEmail, "employee", MakCrm.Domain.Organizations.Organization.HeadOfficeId)).Id;
        var admin = await UserId(TestActor.Admin);
        var client = await CreateClient();
        var lead = await ExpectJson(await Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = 1_000_000m, product = "mortgage", responsibleUserId = employee }), HttpStatusCode.Created);
        ExpectUser(lead["responsibleUser"], employee, employeeEmail);
        var deal = await CreateDeal(Id(client), responsible: employee);
        ExpectUser(deal["responsibleUser"], employee, employeeEmail);
        var task = await CreateTask(Id(client), assignee: employee);
        ExpectUser(task["assigneeUser"], employee, employeeEmail);
        ExpectUser(task["createdByUser"], admin, TestActor.Admin.Email());
        task["doneByUser"].Should().BeNull();

        await Disable(employee);

        ExpectUser((await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.OK))["responsibleUser"], employee, employeeEmail);
        ExpectUser((await ExpectJson(await Http.GetAsync($"/api/v1/deals/{Id(deal)}"), HttpStatusCode.OK))["responsibleUser"], employee, employeeEmail);
        ExpectUser((await ExpectJson(await Http.GetAsync($"/api/v1/tasks/{Id(task)}"), HttpStatusCode.OK))["assigneeUser"], employee, employeeEmail);
        ExpectUser(Single(await ExpectJson(await Http.GetAsync("/api/v1/leads"), HttpStatusCode.OK))["responsibleUser"], employee, employeeEmail);
        ExpectUser(Single(await ExpectJson(await Http.GetAsync("/api/v1/deals"), HttpStatusCode.OK))["responsibleUser"], employee, employeeEmail);
        var listed = Single(await ExpectJson(await Http.GetAsync("/api/v1/tasks"), HttpStatusCode.OK));
        ExpectUser(listed["assigneeUser"], employee, employeeEmail);
        ExpectUser(listed["createdByUser"], admin, TestActor.Admin.Email());

        var unassigned = await CreateLead(Id(client), amount: 2_000_000m);
        unassigned["responsibleUser"].Should().BeNull();
    }

    [Fact]
    public async Task Comments_timelines_stage_history_and_the_audit_log_name_the_acting_user()
    {
        var admin = await UserId(TestActor.Admin);
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));
        var comment = await ExpectJson(await Post($"/api/v1/leads/{Id(lead)}/comments", new { text = "Позвонил" }), HttpStatusCode.Created);
        comment["author"]!["displayName"]!.GetValue<string>().Should().Be(TestActor.Admin.Email());
        await CreateTask(Id(lead), subjectType: "lead");

        var timeline = (await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}/timeline"), HttpStatusCode.OK))["items"]!.AsArray();
        timeline.Select(i => i!["actor"]!["displayName"]?.GetValue<string>()).Should().AllBe(TestActor.Admin.Email());
        ExpectUser(timeline.Single(i => i!["kind"]!.GetValue<string>() == "task")!["task"]!["assigneeUser"], admin, TestActor.Admin.Email());

        var deal = await CreateDeal(Id(client));
        (await History(Id(deal))).Single()!["actor"]!["displayName"]!.GetValue<string>().Should().Be(TestActor.Admin.Email());

        var events = (await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(lead)}"), HttpStatusCode.OK))["items"]!.AsArray();
        events.Should().NotBeEmpty();
        ExpectUser(events[0]!["actorUser"], admin, TestActor.Admin.Email());
    }

    [Fact]
    public async Task A_disabled_user_another_organizations_user_and_an_unknown_id_are_refused_on_the_field()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var betaUser = await UserId(TestActor.PartnerBeta);
        var disabled = await Server.CreateUserAsync($"disabled-{Guid.NewGuid():N}@test.mak", "partner", TestActors.PartnerAlphaOrganization);
        await Disable(disabled.Id);
        var client = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 1_000_000m, product = "mortgage" })), HttpStatusCode.Created);

        foreach (var user in new[] { disabled.Id, betaUser, Guid.CreateVersion7() })
        {
            await ExpectRefused(alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 1_000_000m, product = "mortgage", responsibleUserId = user })), "responsibleUserId", user);
            await ExpectRefused(Send(alpha, HttpMethod.Patch, $"/api/v1/leads/{Id(lead)}", new { responsibleUserId = user }, lead), "responsibleUserId", user);
            await ExpectRefused(alpha.PostAsync("/api/v1/deals", Body(new { clientId = Id(client), title = "Ипотека", amount = 1_000_000m, product = "mortgage", responsibleUserId = user })), "responsibleUserId", user);
            await ExpectRefused(alpha.PostAsync("/api/v1/tasks", Body(new { subjectType = "client", subjectId = Id(client), title = "Т", assigneeUserId = user, dueAt = In(TimeSpan.FromDays(1)) })), "assigneeUserId", user);
        }

        // A head office guest cannot see leads, so head office cannot make it a lead's responsible user either.
        var guest = await UserId(TestActor.Guest);
        var headOfficeClient = await CreateClient();
        await ExpectRefused(Post("/api/v1/leads", new { clientId = Id(headOfficeClient), requestedAmount = 1_000_000m, product = "mortgage", responsibleUserId = guest }), "responsibleUserId", guest);
    }

    [Fact]
    public async Task A_head_office_employee_who_reads_every_lead_may_be_a_partner_leads_responsible_user()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var employee = await UserId(TestActor.Employee);
        var client = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(
            await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 1_000_000m, product = "mortgage", responsibleUserId = employee })),
            HttpStatusCode.Created);
        lead["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        ExpectUser(lead["responsibleUser"], employee, TestActor.Employee.Email());

        var byHeadOffice = await CreateLead(Id(await CreateClient()));
        var updated = await ExpectJson(await Patch($"/api/v1/leads/{Id(byHeadOffice)}", new { responsibleUserId = await UserId(TestActor.Admin) }, "\"1\""), HttpStatusCode.OK);
        ExpectUser(updated["responsibleUser"], await UserId(TestActor.Admin), TestActor.Admin.Email());
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("deal")]
    [InlineData("task")]
    public async Task The_picker_lists_exactly_the_users_a_partners_record_may_be_given_to(string kind)
    {
        var clients = new Dictionary<TestActor, HttpClient>();
        foreach (var actor in Everybody)
        {
            clients[actor] = await Server.CreateHttpClientAsync(actor);
        }

        try
        {
            var alpha = clients[TestActor.PartnerAlpha];
            var picked = await Pick(alpha, $"kind={kind}");
            var expected = kind == "task" ? new[] { TestActor.PartnerAlpha } : [TestActor.Admin, TestActor.Employee, TestActor.PartnerAlpha];
            var ids = new Dictionary<Guid, TestActor>();
            foreach (var actor in Everybody)
            {
                ids[await UserId(actor)] = actor;
            }

            var pickedIds = picked.Select(p => Guid.Parse(p!["id"]!.GetValue<string>())).ToHashSet();
            ids.Where(i => pickedIds.Contains(i.Key)).Select(i => i.Value).Should().BeEquivalentTo(expected);
            picked.Select(p => p!["displayName"]!.GetValue<string>()).Should().BeInAscendingOrder(StringComparer.Ordinal);
            var own = picked.Single(p => p!["id"]!.GetValue<string>() == ids.Single(i => i.Value == TestActor.PartnerAlpha).Key.ToString())!;
            own["role"]!.GetValue<string>().Should().Be("partner");
            own["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());

            // Exactly: every listed user is accepted, every other one refused.
            var client = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
            foreach (var id in pickedIds.Union(ids.Keys))
            {
                var who = ids.TryGetValue(id, out var actor) ? actor.ToString() : id.ToString();
                var response = await alpha.PostAsync($"/api/v1/{kind}s", Body(kind switch
                {
                    "lead" => (object)new { clientId = Id(client), requestedAmount = 1_000_000m, product = "mortgage", responsibleUserId = id },
                    "deal" => new { clientId = Id(client), title = "Ипотека", amount = 1_000_000m, product = "mortgage", responsibleUserId = id },
                    _ => new { subjectType = "client", subjectId = Id(client), title = "Т", assigneeUserId = id, dueAt = In(TimeSpan.FromDays(1)) },
                }));
                response.StatusCode.Should().Be(pickedIds.Contains(id) ? HttpStatusCode.Created : HttpStatusCode.BadRequest, "{0} as the {1}'s user", who, kind);
            }
        }
        finally
        {
            foreach (var http in clients.Values)
            {
                http.Dispose();
            }
        }
    }

    [Fact]
    public async Task The_picker_is_scoped_to_what_the_caller_may_write_and_see()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);

        await ExpectProblem(await alpha.GetAsync($"/api/v1/assignees?kind=lead&organizationId={TestActors.PartnerBetaOrganization}"), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await guest.GetAsync("/api/v1/assignees?kind=task"), HttpStatusCode.Forbidden, "forbidden");
        FieldErrors(await ExpectProblem(await alpha.GetAsync("/api/v1/assignees"), HttpStatusCode.BadRequest, "validation_failed"), "kind").Should().ContainSingle();
        FieldErrors(await ExpectProblem(await alpha.GetAsync("/api/v1/assignees?kind=client"), HttpStatusCode.BadRequest, "validation_failed"), "kind").Should().ContainSingle();

        // Head office picks for any organization, and pages.
        var forBeta = await Pick(Http, $"kind=deal&organizationId={TestActors.PartnerBetaOrganization}");
        forBeta.Select(p => p!["id"]!.GetValue<string>()).Should().Contain((await UserId(TestActor.PartnerBeta)).ToString());
        var first = await ExpectJson(await Http.GetAsync($"/api/v1/assignees?kind=deal&organizationId={TestActors.PartnerBetaOrganization}&limit=1"), HttpStatusCode.OK);
        first["items"]!.AsArray().Should().ContainSingle();
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await ExpectJson(await Http.GetAsync($"/api/v1/assignees?kind=deal&organizationId={TestActors.PartnerBetaOrganization}&limit=1&cursor={Uri.EscapeDataString(cursor)}"), HttpStatusCode.OK);
        second["items"]![0]!["id"]!.GetValue<string>().Should().Be(forBeta[1]!["id"]!.GetValue<string>());
    }

    private async Task<JsonArray> Pick(HttpClient http, string query) =>
        (await ExpectJson(await http.GetAsync($"/api/v1/assignees?{query}&limit=200"), HttpStatusCode.OK))["items"]!.AsArray();

    private static JsonObject Single(JsonObject page) => page["items"]!.AsArray().Should().ContainSingle().Subject!.AsObject();

    private static void ExpectUser(JsonNode? node, Guid id, string displayName)
    {
        node.Should().NotBeNull();
        node!["id"]!.GetValue<string>().Should().Be(id.ToString());
        node["displayName"]!.GetValue<string>().Should().Be(displayName);
    }

    private static async Task ExpectRefused(Task<HttpResponseMessage> sending, string field, Guid userId)
    {
        var problem = await ExpectProblem(await sending, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().ContainSingle().Which.Should().Contain(userId.ToString());
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string url, object body, JsonObject current)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(Json(body), System.Text.Encoding.UTF8, "application/merge-patch+json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        return http.SendAsync(request);
    }

    private Task Disable(Guid userId) => Server.WithServicesAsync(async services =>
        await services.GetRequiredService<MakCrmDbContext>().Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true)));
}
