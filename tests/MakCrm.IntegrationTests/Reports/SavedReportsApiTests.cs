using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Reports;

public sealed class SavedReportsApiTests(ApiServerFixture server) : ApiTest(server)
{
    private static object CountBySource(string dataset = "leads") =>
        new { dataset, dimensions = new[] { new { field = "source" } }, measures = new[] { new { op = "count", @as = "leads" } } };

    private async Task<(JsonObject Report, string ETag)> Save(HttpClient http, string name, string[]? roles = null, object? query = null)
    {
        var response = await http.PostAsync("/api/v1/reports/saved", Body(new { name, query = query ?? CountBySource(), sharedWithRoles = roles ?? [] }));
        return (await ExpectJson(response, HttpStatusCode.Created), ETagOf(response));
    }

    [Fact]
    public async Task A_saved_report_is_created_read_listed_changed_with_if_match_run_and_deleted()
    {
        var client = await CreateClient();
        await CreateLead(Id(client));
        var (report, etag) = await Save(Http, "  Лиды   по источникам ");
        report["name"]!.GetValue<string>().Should().Be("Лиды по источникам");
        report["query"]!["dataset"]!.GetValue<string>().Should().Be("leads");
        report["query"]!["measures"]![0]!["op"]!.GetValue<string>().Should().Be("count");
        etag.Should().Be("\"1\"");
        var id = Id(report);

        var got = await Http.GetAsync($"/api/v1/reports/saved/{id}");
        (await ExpectJson(got, HttpStatusCode.OK))["id"]!.GetValue<string>().Should().Be(id);
        (await ListAllIds("/api/v1/reports/saved", 10)).Should().Equal(id);

        await ExpectProblem(await Patch($"/api/v1/reports/saved/{id}", new { name = "Без If-Match" }, null), HttpStatusCode.PreconditionRequired, "precondition_required");
        await ExpectProblem(await Patch($"/api/v1/reports/saved/{id}", new { name = "Устаревший" }, "\"7\""), HttpStatusCode.PreconditionFailed, "precondition_failed");
        var changed = await Patch($"/api/v1/reports/saved/{id}", new { name = "По городам", query = new { dataset = "leads", dimensions = new[] { new { field = "clientCity" } }, measures = new[] { new { op = "count" } } } }, etag);
        var updated = await ExpectJson(changed, HttpStatusCode.OK);
        updated["version"]!.GetValue<int>().Should().Be(2);
        updated["query"]!["dimensions"]![0]!["field"]!.GetValue<string>().Should().Be("clientCity");
        var invalid = await ExpectProblem(await Patch($"/api/v1/reports/saved/{id}", new { query = new { dataset = "leads", measures = new[] { new { op = "sum", field = "nope" } } } }, ETagOf(changed)), HttpStatusCode.BadRequest, "report_query_invalid");
        FieldErrors(invalid, "query.measures[0].field").Should().NotBeEmpty();

        var run = await ExpectJson(await Http.PostAsync($"/api/v1/reports/saved/{id}/run", null), HttpStatusCode.OK);
        run["totals"]!["count"]!.GetValue<long>().Should().Be(1);

        (await Http.DeleteAsync($"/api/v1/reports/saved/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectProblem(await Http.GetAsync($"/api/v1/reports/saved/{id}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.PostAsync($"/api/v1/reports/saved/{id}/run", null), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Creating_with_an_idempotency_key_twice_saves_one_report()
    {
        async Task<HttpResponseMessage> Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports/saved") { Content = Body(new { name = "Один", query = CountBySource() }) };
            request.Headers.Add("Idempotency-Key", "saved-report-1");
            return await Http.SendAsync(request);
        }

        var first = await ExpectJson(await Create(), HttpStatusCode.Created);
        var again = await Create();
        (await ExpectJson(again, HttpStatusCode.Created))["id"]!.GetValue<string>().Should().Be(Id(first));
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await ListAllIds("/api/v1/reports/saved", 10)).Should().HaveCount(1);
    }

    [Fact]
    public async Task A_report_shared_with_a_role_is_read_and_run_by_its_holders_on_their_own_rows_and_changed_only_by_its_owner()
    {
        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await CreateLead(Id(await CreateClient()));
        var alphaClient = await ExpectJson(await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Партнёров Пётр", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(alphaClient), requestedAmount = 700m, product = "auto" })), HttpStatusCode.Created);

        var (shared, etag) = await Save(Http, "Для партнёров и сотрудников", ["partner", "employee"]);
        var (secret, _) = await Save(Http, "Только мой");
        var id = Id(shared);

        (await ListAllIdsAs(employee)).Should().Equal(id);
        (await ListAllIdsAs(alpha)).Should().Equal(id);
        (await ListAllIdsAs(franchisee)).Should().BeEmpty();
        await ExpectProblem(await employee.GetAsync($"/api/v1/reports/saved/{Id(secret)}"), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await franchisee.PostAsync($"/api/v1/reports/saved/{id}/run", null), HttpStatusCode.NotFound, "not_found");

        // Head office sees both leads; the partner, running the same report, its own only.
        (await ExpectJson(await Http.PostAsync($"/api/v1/reports/saved/{id}/run", null), HttpStatusCode.OK))["totals"]!["leads"]!.GetValue<long>().Should().Be(2);
        (await ExpectJson(await alpha.PostAsync($"/api/v1/reports/saved/{id}/run", null), HttpStatusCode.OK))["totals"]!["leads"]!.GetValue<long>().Should().Be(1);

        // Holders of the role read it but do not change it; the owner does.
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/reports/saved/{id}") { Content = Body(new { name = "Чужой" }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        await ExpectProblem(await employee.SendAsync(request), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await alpha.DeleteAsync($"/api/v1/reports/saved/{id}"), HttpStatusCode.NotFound, "not_found");

        // A partner's own report is its own: shared with the partner role, other partners do not see it.
        var (own, _) = await Save(alpha, "Мои лиды", ["partner"]);
        var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync($"/api/v1/reports/saved/{Id(own)}"), HttpStatusCode.NotFound, "not_found");
        (await ExpectJson(await Http.GetAsync($"/api/v1/reports/saved/{Id(own)}"), HttpStatusCode.OK))["ownerUserId"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_saved_report_naming_a_field_the_catalogue_no_longer_has_answers_409_naming_it()
    {
        var (report, _) = await Save(Http, "Старый");
        await using (var connection = new NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                """UPDATE saved_reports SET definition = jsonb_set(definition, '{dimensions,0,field}', '"formerField"') WHERE id = $1""", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = Guid.Parse(Id(report)) });
            await command.ExecuteNonQueryAsync();
        }

        var problem = await ExpectProblem(await Http.PostAsync($"/api/v1/reports/saved/{Id(report)}/run", null), HttpStatusCode.Conflict, "report_field_removed");
        FieldErrors(problem, "query.dimensions[0].field").Should().NotBeEmpty();
        problem["detail"]!.GetValue<string>().Should().Contain("query.dimensions[0].field");
    }

    [Fact]
    public async Task Bad_saved_reports_are_refused()
    {
        var noName = await ExpectProblem(await Http.PostAsync("/api/v1/reports/saved", Body(new { name = " ", query = CountBySource() })), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(noName, "name").Should().NotBeEmpty();
        var role = await ExpectProblem(await Http.PostAsync("/api/v1/reports/saved", Body(new { name = "x", query = CountBySource(), sharedWithRoles = new[] { "owner" } })), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(role, "sharedWithRoles").Should().NotBeEmpty();
        var query = await ExpectProblem(await Http.PostAsync("/api/v1/reports/saved", Body(new { name = "x", query = CountBySource("nothing") })), HttpStatusCode.BadRequest, "report_query_invalid");
        FieldErrors(query, "query.dataset").Should().NotBeEmpty();
        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await alpha.PostAsync("/api/v1/reports/saved", Body(new { name = "x", query = CountBySource("ledger") })), HttpStatusCode.Forbidden, "report_dataset_forbidden");
    }

    private static async Task<List<string>> ListAllIdsAs(HttpClient http)
    {
        var page = await ExpectJson(await http.GetAsync("/api/v1/reports/saved?limit=100"), HttpStatusCode.OK);
        return page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
    }
}
