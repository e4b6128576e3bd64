using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Help;

public sealed class TicketsApiTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task A_ticket_goes_round_trip_with_notifications_both_ways_and_records_its_times()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var ticket = await Open(alpha, "Не загружается договор");
        var id = Id(ticket);
        ticket["status"]!.GetValue<string>().Should().Be("open");
        ticket["priority"]!.GetValue<string>().Should().Be("normal");
        ticket["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        ticket["firstResponseAt"].Should().BeNull();
        ticket["authorUser"]!["id"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.PartnerAlpha)).ToString());

        // Support is told about the new ticket (the employee and the admin hold tickets.manage).
        (await TicketNotices(employee, id)).Select(n => n["kind"]!.GetValue<string>()).Should().Equal("ticket_created");
        (await TicketNotices(Http, id)).Should().ContainSingle();

        // The employee takes it and answers; the author is told of the reply and of the new status.
        var patched = await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}",
            new { status = "in_progress", assigneeUserId = await Server.UserIdAsync(TestActor.Employee) }, await ETag(alpha, id)), HttpStatusCode.OK);
        patched["assigneeUser"]!["id"]!.GetValue<string>().Should().Be((await Server.UserIdAsync(TestActor.Employee)).ToString());
        var reply = await ExpectJson(await employee.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Пришлите скриншот, пожалуйста." })), HttpStatusCode.Created);
        reply["fromSupport"]!.GetValue<bool>().Should().BeTrue();
        var answered = await ExpectJson(await alpha.GetAsync($"/api/v1/tickets/{id}"), HttpStatusCode.OK);
        answered["firstResponseAt"].Should().NotBeNull();
        answered["firstResponseSeconds"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(0);
        answered["messageCount"]!.GetValue<int>().Should().Be(2);
        (await TicketNotices(alpha, id)).Select(n => n["kind"]!.GetValue<string>())
            .Should().BeEquivalentTo("ticket_status_changed", "ticket_message_added");

        // The customer answers: the assignee (only) is told.
        var before = (await TicketNotices(Http, id)).Count;
        await ExpectJson(await alpha.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Вот скриншот." })), HttpStatusCode.Created);
        (await TicketNotices(employee, id)).Where(n => n["kind"]!.GetValue<string>() == "ticket_message_added").Should().ContainSingle();
        (await TicketNotices(Http, id)).Should().HaveCount(before);

        // Resolved: the time is recorded; a customer's message opens it again and clears it.
        var resolved = await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "resolved" }, await ETag(alpha, id)), HttpStatusCode.OK);
        resolved["resolvedAt"].Should().NotBeNull();
        resolved["resolutionSeconds"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(0);
        await ExpectJson(await alpha.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Снова не работает." })), HttpStatusCode.Created);
        var reopened = await ExpectJson(await alpha.GetAsync($"/api/v1/tickets/{id}"), HttpStatusCode.OK);
        reopened["status"]!.GetValue<string>().Should().Be("open");
        reopened["resolvedAt"].Should().BeNull();
        reopened["firstResponseAt"]!.GetValue<DateTimeOffset>().Should().Be(answered["firstResponseAt"]!.GetValue<DateTimeOffset>());

        // Closed is final: no messages, no status change.
        await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "closed" }, await ETag(alpha, id)), HttpStatusCode.OK);
        await ExpectProblem(await alpha.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Ещё вопрос." })), HttpStatusCode.Conflict, "ticket_closed");
        await ExpectProblem(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "in_progress" }, await ETag(alpha, id)),
            HttpStatusCode.Conflict, "ticket_status_change_not_allowed");
    }

    [Fact]
    public async Task Another_organizations_ticket_does_not_exist_for_a_partner()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var id = Id(await Open(alpha, "Вопрос Альфы"));

        foreach (var other in new[] { beta, franchisee })
        {
            await ExpectProblem(await other.GetAsync($"/api/v1/tickets/{id}"), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await other.GetAsync($"/api/v1/tickets/{id}/messages"), HttpStatusCode.NotFound, "not_found");
            await ExpectProblem(await other.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Чужое" })), HttpStatusCode.NotFound, "not_found");
            (await ExpectJson(await other.GetAsync("/api/v1/tickets"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
        }

        await ExpectProblem(await Send(beta, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "resolved" }, "\"1\""), HttpStatusCode.Forbidden, "forbidden");
        (await ExpectJson(await Http.GetAsync("/api/v1/tickets"), HttpStatusCode.OK))["items"]!.AsArray().Select(t => Id(t!.AsObject())).Should().Equal(id);
    }

    [Fact]
    public async Task Internal_notes_are_hidden_from_the_customer_and_written_by_support_only()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var id = Id(await Open(alpha, "Комиссия не начислена"));

        var note = await ExpectJson(await employee.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Проверить в бухгалтерии", @internal = true })), HttpStatusCode.Created);
        note["internal"]!.GetValue<bool>().Should().BeTrue();
        var problem = await ExpectProblem(await alpha.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Тайно", @internal = true })), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "internal").Should().NotBeEmpty();

        (await Messages(alpha, id)).Select(m => m["internal"]!.GetValue<bool>()).Should().Equal(false);
        (await Messages(employee, id)).Select(m => m["internal"]!.GetValue<bool>()).Should().Equal(false, true);
        var ticket = await ExpectJson(await alpha.GetAsync($"/api/v1/tickets/{id}"), HttpStatusCode.OK);
        ticket["firstResponseAt"].Should().BeNull("an internal note is no response");
        ticket["messageCount"]!.GetValue<int>().Should().Be(1);
        (await TicketNotices(alpha, id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Lists_filter_by_status_assignee_category_priority_and_mine()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var first = Id(await Open(alpha, "Первое", category: "payments", priority: "urgent"));
        var second = Id(await Open(alpha, "Второе"));
        var own = Id(await Open(employee, "Своё"));
        await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{first}", new { assigneeUserId = await Server.UserIdAsync(TestActor.Employee) }, await ETag(alpha, first)), HttpStatusCode.OK);

        (await Ids(employee, "")).Should().Equal(own, second, first);
        (await Ids(employee, "?assignee=me")).Should().Equal(first);
        (await Ids(employee, "?assignee=none")).Should().Equal(own, second);
        (await Ids(employee, "?category=payments")).Should().Equal(first);
        (await Ids(employee, "?priority=urgent")).Should().Equal(first);
        (await Ids(employee, "?mine=true")).Should().Equal(own);
        (await Ids(employee, "?status=open&sort=createdAt")).Should().Equal(first, second, own);
        (await Ids(alpha, "")).Should().Equal(second, first);
        await ExpectProblem(await employee.GetAsync("/api/v1/tickets?status=waiting"), HttpStatusCode.BadRequest, "validation_failed");
        await ExpectProblem(await employee.GetAsync("/api/v1/tickets?assignee=someone"), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Changes_need_support_an_etag_and_a_support_assignee()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var id = Id(await Open(alpha, "Вопрос"));
        var etag = await ETag(alpha, id);

        await ExpectProblem(await Send(alpha, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "resolved" }, etag), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "resolved" }, null), (HttpStatusCode)428, "precondition_required");
        await ExpectProblem(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "resolved" }, "\"99\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "in_progress" }, etag), HttpStatusCode.OK);
        etag = await ETag(alpha, id);
        await ExpectProblem(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "open" }, etag), HttpStatusCode.Conflict, "ticket_status_change_not_allowed");
        var problem = await ExpectProblem(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}",
            new { assigneeUserId = await Server.UserIdAsync(TestActor.PartnerAlpha) }, etag), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "assigneeUserId").Should().NotBeEmpty();
        await ExpectProblem(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{Guid.NewGuid()}", new { status = "resolved" }, etag), HttpStatusCode.NotFound, "not_found");

        var changed = await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { priority = "high" }, etag), HttpStatusCode.OK);
        changed["priority"]!.GetValue<string>().Should().Be("high");
        var unassigned = await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { assigneeUserId = (Guid?)null }, await ETag(alpha, id)), HttpStatusCode.OK);
        unassigned["assigneeUserId"].Should().BeNull();
    }

    [Fact]
    public async Task Attachments_are_documents_of_the_tickets_organization()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var alphas = await Upload(alpha);
        var betas = await Upload(beta);

        var problem = await ExpectProblem(await alpha.PostAsync("/api/v1/tickets", Body(new { subject = "С файлом", category = "documents", text = "См. файл", attachmentIds = new[] { betas } })),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "attachmentIds").Should().NotBeEmpty();
        var ticket = await ExpectJson(await alpha.PostAsync("/api/v1/tickets", Body(new { subject = "С файлом", category = "documents", text = "См. файл", attachmentIds = new[] { alphas } })), HttpStatusCode.Created);
        (await Messages(alpha, Id(ticket)))[0]["attachmentIds"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal(alphas);
        await ExpectProblem(await alpha.PostAsync("/api/v1/tickets", Body(new { subject = "", category = "nope", text = "" })), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task Opening_a_ticket_is_idempotent_with_a_key()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Create()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = Body(new { subject = "Один раз", category = "other", text = "Текст" }) };
            request.Headers.Add("Idempotency-Key", key);
            return await alpha.SendAsync(request);
        }

        var first = await ExpectJson(await Create(), HttpStatusCode.Created);
        var replay = await Create();
        var second = await ExpectJson(replay, HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        Id(second).Should().Be(Id(first));
        (await ExpectJson(await alpha.GetAsync("/api/v1/tickets"), HttpStatusCode.OK))["items"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task Ticket_events_reach_the_author_organization_and_internal_notes_reach_support_only()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var id = Id(await Open(alpha, "События обращения"));
        var first = Id((await Messages(alpha, id)).Single());

        var note = Id(await ExpectJson(await employee.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Внутренняя заметка", @internal = true })), HttpStatusCode.Created));
        var reply = Id(await ExpectJson(await employee.PostAsync($"/api/v1/tickets/{id}/messages", Body(new { text = "Ответ поддержки" })), HttpStatusCode.Created));
        await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "in_progress" }, await ETag(alpha, id)), HttpStatusCode.OK);
        // The same status again moves nothing, so it raises nothing.
        await ExpectJson(await Send(employee, HttpMethod.Patch, $"/api/v1/tickets/{id}", new { status = "in_progress" }, await ETag(alpha, id)), HttpStatusCode.OK);

        var ticketEvents = await Events.EventFeedReading.EventsOf(alpha, id, 3);
        ticketEvents.Select(e => e["type"]!.GetValue<string>()).Should().Equal("ticket.created", "ticket.updated", "ticket.updated");
        ticketEvents[0]["data"]!["subject"]!.GetValue<string>().Should().Be("События обращения");
        ticketEvents[1]["data"]!["messageCount"]!.GetValue<int>().Should().Be(2, "the reply moved the ticket");
        ticketEvents[2]["data"]!["status"]!.GetValue<string>().Should().Be("in_progress");

        var firstMessage = (await Events.EventFeedReading.EventsOf(alpha, first, 1)).Single();
        firstMessage["type"]!.GetValue<string>().Should().Be("ticket.message_added");
        firstMessage["data"]!["ticketId"]!.GetValue<string>().Should().Be(id);
        var replyEvent = (await Events.EventFeedReading.EventsOf(alpha, reply, 1)).Single();
        replyEvent["data"]!["fromSupport"]!.GetValue<bool>().Should().BeTrue();

        // The note is support's alone: head office's admin sees its event; the author's organization and others never do.
        var noteEvent = (await Events.EventFeedReading.EventsOf(Http, note, 1)).Single();
        noteEvent["type"]!.GetValue<string>().Should().Be("ticket.note_added");
        noteEvent["data"]!["internal"]!.GetValue<bool>().Should().BeTrue();
        (await Events.EventFeedReading.ReadAll(alpha)).Should().NotContain(e => e["resourceId"]!.GetValue<string>() == note);
        (await Events.EventFeedReading.ReadAll(beta)).Should().NotContain(e =>
            e["resourceId"]!.GetValue<string>() == id || e["resourceId"]!.GetValue<string>() == first || e["resourceId"]!.GetValue<string>() == reply);
    }

    private static async Task<JsonObject> Open(HttpClient http, string subject, string category = "documents", string? priority = null) =>
        await ExpectJson(await http.PostAsync("/api/v1/tickets", Body(new { subject, category, priority, text = "Подробности: " + subject })), HttpStatusCode.Created);

    private static async Task<string> ETag(HttpClient http, string id) => ETagOf(await http.GetAsync($"/api/v1/tickets/{id}"));

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(Json(body), System.Text.Encoding.UTF8, "application/merge-patch+json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return http.SendAsync(request);
    }

    private static async Task<List<JsonObject>> TicketNotices(HttpClient http, string ticketId) =>
        (await ExpectJson(await http.GetAsync("/api/v1/notifications?limit=100"), HttpStatusCode.OK))["items"]!.AsArray()
            .Select(n => n!.AsObject()).Where(n => n["subjectId"]?.GetValue<string>() == ticketId).ToList();

    private static async Task<List<JsonObject>> Messages(HttpClient http, string ticketId) =>
        (await ExpectJson(await http.GetAsync($"/api/v1/tickets/{ticketId}/messages"), HttpStatusCode.OK))["items"]!.AsArray().Select(m => m!.AsObject()).ToList();

    private static async Task<List<string>> Ids(HttpClient http, string query) =>
        (await ExpectJson(await http.GetAsync("/api/v1/tickets" + query), HttpStatusCode.OK))["items"]!.AsArray().Select(t => Id(t!.AsObject())).ToList();

    private static Task<string> Upload(HttpClient http) => Documents.DocumentForms.UploadPdfAsync(http, "screen.pdf", "scan");
}
