using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Documents;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Reports;

/// <summary>
/// The dashboards over a small seeded set whose numbers are worked out by hand, for January 2026 in Moscow:
///   A1 Alpha   2026-01-10  a won deal of 500 000 closed 2026-01-20
///   A2 Alpha   2026-01-15  an open deal
///   A3 Alpha   2026-02-05  (after the period)
///   B1 Beta    2026-01-12
///   H1 head    2026-01-31 20:59Z (23:59 Moscow, 31 Jan: in the period)
///   H2 head    2026-01-31 21:00Z (00:00 Moscow, 1 Feb: after it)
/// In January: 4 leads (A1, A2, B1, H1), 2 with a deal, 1 with a won deal.
/// </summary>
public sealed class DashboardTests(ApiServerFixture server) : ApiTest(server)
{
    private const string January = "from=2026-01-01&to=2026-01-31";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var a1 = await Seed(alpha, "2026-01-10T10:00:00Z");
        var a2 = await Seed(alpha, "2026-01-15T10:00:00Z");
        await Seed(alpha, "2026-02-05T10:00:00Z");
        await Seed(beta, "2026-01-12T10:00:00Z");
        await Seed(Http, "2026-01-31T20:59:00Z");
        await Seed(Http, "2026-01-31T21:00:00Z");
        var won = await Deal(alpha, a1, 500_000m);
        await Deal(alpha, a2, 100_000m);
        await Sql($"""
            UPDATE deals d SET stage_id = s.id, closed_at = '2026-01-20T10:00:00Z'
            FROM pipeline_stages s WHERE d.id = '{won}' AND s.pipeline_id = d.pipeline_id AND s.kind = 'won'
            """);
        await ExpectJson(
            await Send(HttpMethod.Put, $"/api/v1/deals/{won}/loan",
                Json(new { issuedOn = "2026-01-20", amount = 480_000m, bankCode = "sberbank", product = "mortgage", termMonths = 240 })),
            HttpStatusCode.OK);
    }

    private async Task<string> Seed(HttpClient http, string createdAt)
    {
        var client = await ExpectJson(await http.PostAsync("/api/v1/clients", Body(new { fullName = "Дашбордов Иван", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(await http.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 1000m, product = "mortgage" })), HttpStatusCode.Created);
        await Sql($"UPDATE leads SET created_at = '{createdAt}' WHERE id = '{Id(lead)}'");
        return Id(lead);
    }

    private async Task<string> Deal(HttpClient http, string leadId, decimal amount)
    {
        var lead = await ExpectJson(await http.GetAsync($"/api/v1/leads/{leadId}"), HttpStatusCode.OK);
        var clientId = lead["client"]?["id"]?.GetValue<string>() ?? lead["clientId"]!.GetValue<string>();
        var deal = await ExpectJson(
            await http.PostAsync("/api/v1/deals", Body(new { clientId, leadId, title = "Ипотека", amount, product = "mortgage" })), HttpStatusCode.Created);
        return Id(deal);
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static JsonObject Panel(JsonObject dashboard, string key) =>
        dashboard["panels"]!.AsArray().Single(p => p!["key"]!.GetValue<string>() == key)!.AsObject();

    private static JsonObject Totals(JsonObject dashboard, string key) => Panel(dashboard, key)["result"]!["totals"]!.AsObject();

    [Fact]
    public async Task Head_office_panels_match_the_hand_computed_numbers_and_the_period_takes_whole_days_in_the_time_zone()
    {
        var dashboard = await ExpectJson(await Http.GetAsync($"/api/v1/dashboards/head-office?{January}"), HttpStatusCode.OK);

        dashboard["name"]!.GetValue<string>().Should().Be("head-office");
        dashboard["from"]!.GetValue<string>().Should().Be("2026-01-01");
        dashboard["to"]!.GetValue<string>().Should().Be("2026-01-31");
        dashboard["timeZone"]!.GetValue<string>().Should().Be("Europe/Moscow");
        dashboard["panels"]!.AsArray().Select(p => p!["key"]!.GetValue<string>()).Should()
            .Equal("leadsBySourceAndStatus", "funnel", "revenue", "partnerRanking", "franchiseePurchases", "auction", "returns");

        var funnel = Totals(dashboard, "funnel");
        funnel["leads"]!.GetValue<long>().Should().Be(4, "A1, A2, B1 and H1 (23:59 in Moscow); H2 is 1 February there");
        funnel["toDeal"]!.GetValue<decimal>().Should().Be(0.5m);
        funnel["toIssuedLoan"]!.GetValue<decimal>().Should().Be(0.25m);
        Totals(dashboard, "leadsBySourceAndStatus")["leads"]!.GetValue<long>().Should().Be(4);

        var revenue = Panel(dashboard, "revenue")["result"]!["rows"]!.AsArray().Single()!;
        revenue["loanIssuedOn.month"]!.GetValue<string>().Should().Be("2026-01-01");
        revenue["issued"]!.GetValue<decimal>().Should().Be(480_000m, "the issued amount, not the deal's");
        revenue["loans"]!.GetValue<long>().Should().Be(1);

        var ranking = Panel(dashboard, "partnerRanking")["result"]!["rows"]!.AsArray();
        ranking.Select(r => r!["leads"]!.GetValue<long>()).Should().Equal(2, 1);
        ranking[0]!["issuedVolume"]!.GetValue<decimal>().Should().Be(480_000m);
        ranking[1]!["issuedVolume"].Should().BeNull();

        Totals(dashboard, "auction")["lots"]!.GetValue<long>().Should().Be(0);
        Totals(dashboard, "returns")["returns"]!.GetValue<long>().Should().Be(0);

        var february = await ExpectJson(await Http.GetAsync("/api/v1/dashboards/head-office?from=2026-02-01&to=2026-02-28"), HttpStatusCode.OK);
        Totals(february, "funnel")["leads"]!.GetValue<long>().Should().Be(2, "A3 and H2");
        var utc = await ExpectJson(await Http.GetAsync($"/api/v1/dashboards/head-office?{January}&timeZone=UTC"), HttpStatusCode.OK);
        Totals(utc, "funnel")["leads"]!.GetValue<long>().Should().Be(5, "in UTC both H1 and H2 fall on 31 January (with A1, A2 and B1), and A3 is February's");
    }

    [Fact]
    public async Task A_panel_equals_the_same_query_through_the_report_builder()
    {
        var dashboard = await ExpectJson(await Http.GetAsync($"/api/v1/dashboards/head-office?{January}"), HttpStatusCode.OK);
        foreach (var key in new[] { "funnel", "partnerRanking", "revenue" })
        {
            var panel = Panel(dashboard, key);
            var report = await ExpectJson(await Http.PostAsync("/api/v1/reports/query", Body(panel["query"]!.ToJsonString())), HttpStatusCode.OK);
            report["rows"]!.ToJsonString().Should().Be(panel["result"]!["rows"]!.ToJsonString(), "{0} is the builder's query", key);
            report["totals"]!.ToJsonString().Should().Be(panel["result"]!["totals"]!.ToJsonString());
        }
    }

    [Fact]
    public async Task A_partner_sees_only_its_own_numbers_and_no_other_dashboard()
    {
        var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);

        var own = await ExpectJson(await alpha.GetAsync($"/api/v1/dashboards/partner?{January}"), HttpStatusCode.OK);
        var conversion = Totals(own, "conversion");
        conversion["leads"]!.GetValue<long>().Should().Be(2);
        conversion["toDeal"]!.GetValue<decimal>().Should().Be(1m);
        conversion["toIssuedLoan"]!.GetValue<decimal>().Should().Be(0.5m);
        Totals(own, "leadsByStatus")["leads"]!.GetValue<long>().Should().Be(2);

        var other = await ExpectJson(await beta.GetAsync($"/api/v1/dashboards/partner?{January}"), HttpStatusCode.OK);
        Totals(other, "conversion")["leads"]!.GetValue<long>().Should().Be(1, "Beta's one lead; Alpha's are not Beta's");
        Totals(other, "conversion")["toDeal"]!.GetValue<decimal>().Should().Be(0m);

        foreach (var name in new[] { "head-office", "franchisee", "employee" })
        {
            await ExpectProblem(await alpha.GetAsync($"/api/v1/dashboards/{name}"), HttpStatusCode.Forbidden, "dashboard_forbidden");
        }

        var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectProblem(await franchisee.GetAsync("/api/v1/dashboards/partner"), HttpStatusCode.Forbidden, "dashboard_forbidden");
        await ExpectProblem(await Http.GetAsync("/api/v1/dashboards/partner"), HttpStatusCode.Forbidden, "dashboard_forbidden");
        var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync("/api/v1/dashboards/employee"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_franchisee_sees_its_own_purchases_spend_returns_and_conversion()
    {
        var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        var dashboard = await ExpectJson(await franchisee.GetAsync($"/api/v1/dashboards/franchisee?{January}"), HttpStatusCode.OK);

        dashboard["panels"]!.AsArray().Select(p => p!["key"]!.GetValue<string>()).Should().Equal("boughtLeads", "spend", "returns", "conversion");
        Totals(dashboard, "boughtLeads")["leads"]!.GetValue<long>().Should().Be(0);
        Totals(dashboard, "conversion")["leads"]!.GetValue<long>().Should().Be(0, "it bought none of the seeded leads");
        Panel(dashboard, "spend")["query"]!["dataset"]!.GetValue<string>().Should().Be("ledger");
    }

    [Fact]
    public async Task The_employee_dashboard_counts_the_callers_own_open_tasks_and_leads()
    {
        var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var me = await Server.UserIdAsync(TestActor.Employee);
        var mine = await Seed(Http, "2026-01-05T10:00:00Z");
        await Sql($"UPDATE leads SET responsible_user_id = '{me}' WHERE id = '{mine}'");
        var due = DateTimeOffset.UtcNow.AddDays(2).ToString("O");
        var overdue = await ExpectJson(
            await Http.PostAsync("/api/v1/tasks", Body(new { subjectType = "lead", subjectId = mine, title = "Позвонить", assigneeUserId = me, dueAt = due })), HttpStatusCode.Created);
        await ExpectJson(
            await Http.PostAsync("/api/v1/tasks", Body(new { subjectType = "lead", subjectId = mine, title = "Отправить документы", assigneeUserId = me, dueAt = due })), HttpStatusCode.Created);
        await ExpectJson(
            await Http.PostAsync("/api/v1/tasks", Body(new { subjectType = "lead", subjectId = mine, title = "Чужая", dueAt = due })), HttpStatusCode.Created);
        await Sql($"UPDATE tasks SET due_at = now() - interval '1 day' WHERE id = '{Id(overdue)}'");

        var dashboard = await ExpectJson(await employee.GetAsync("/api/v1/dashboards/employee"), HttpStatusCode.OK);
        Totals(dashboard, "openTasks")["tasks"]!.GetValue<long>().Should().Be(2, "the admin's task is not the employee's");
        Totals(dashboard, "overdueTasks")["tasks"]!.GetValue<long>().Should().Be(1);
        Totals(dashboard, "openLeads")["leads"]!.GetValue<long>().Should().Be(1);
        Panel(dashboard, "openTasks")["query"]!["filter"]!.ToJsonString().Should().Contain(me.ToString());

        // The admin's own employee dashboard has only the task made without an assignee, which is its maker's.
        var admins = await ExpectJson(await Http.GetAsync("/api/v1/dashboards/employee"), HttpStatusCode.OK);
        Totals(admins, "openTasks")["tasks"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task The_PDF_prints_every_panel_with_the_numbers_of_the_JSON_answer_for_reading()
    {
        var dashboard = await ExpectJson(
            await Http.GetAsync($"/api/v1/dashboards/head-office?{January}"),
            HttpStatusCode.OK
        );

        using var response = await Http.GetAsync($"/api/v1/dashboards/head-office/pdf?{January}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        response.Content.Headers.ContentDisposition!.FileName.Should()
            .Be("dashboard-head-office-20260101-20260131.pdf");
        var text = await GeneratedDocumentTexts.PdfTextAsync(await response.Content.ReadAsByteArrayAsync());

        text.Should().Contain("Головной офис").And.Contain("Период: 01.01.2026 — 31.01.2026 (Europe/Moscow)");
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            text.Should().Contain(panel!["title"]!.GetValue<string>());
        }

        text.Should().Contain("480 000,00", "the issued amount, money grouped with kopecks");
        text.Should().Contain("25,0 %", "the funnel's issued share of the four leads, in percent");

        var audit = (
            await ExpectJson(
                await Http.GetAsync("/api/v1/audit-events?kind=security&action=dashboards.exported"),
                HttpStatusCode.OK
            )
        )["items"]!.AsArray();
        audit.Should().ContainSingle();
        audit[0]!["changes"]!["dashboard"]!.GetValue<string>().Should().Be("head-office");
    }

    [Fact]
    public async Task The_PDF_is_refused_as_the_dashboard_is()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(
            await alpha.GetAsync("/api/v1/dashboards/head-office/pdf"),
            HttpStatusCode.Forbidden,
            "dashboard_forbidden"
        );
        await ExpectProblem(await Http.GetAsync("/api/v1/dashboards/nobody/pdf"), HttpStatusCode.NotFound, "not_found");
        var reversed = await ExpectProblem(
            await Http.GetAsync("/api/v1/dashboards/head-office/pdf?from=2026-02-01&to=2026-01-31"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(reversed, "from").Should().NotBeEmpty();
        using var partnerPdf = await alpha.GetAsync($"/api/v1/dashboards/partner/pdf?{January}");
        partnerPdf.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_it()
    {
        await ExpectProblem(await Http.GetAsync("/api/v1/dashboards/nobody"), HttpStatusCode.NotFound, "not_found");
        var reversed = await ExpectProblem(await Http.GetAsync("/api/v1/dashboards/head-office?from=2026-02-01&to=2026-01-31"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(reversed, "from").Should().NotBeEmpty();
        var zone = await ExpectProblem(await Http.GetAsync("/api/v1/dashboards/head-office?timeZone=Mars/Olympus"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(zone, "timeZone").Should().NotBeEmpty();
        (await Http.GetAsync("/api/v1/dashboards/head-office?from=yesterday")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_dashboard_is_kept_for_its_age_and_shared_by_callers_of_the_same_scope()
    {
        var first = await ExpectJson(await Http.GetAsync("/api/v1/dashboards/head-office?from=2026-01-01&to=2026-01-30"), HttpStatusCode.OK);
        await Seed(Http, "2026-01-20T10:00:00Z");
        var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var second = await ExpectJson(await employee.GetAsync("/api/v1/dashboards/head-office?from=2026-01-01&to=2026-01-30"), HttpStatusCode.OK);

        second["generatedAt"]!.GetValue<string>().Should().Be(first["generatedAt"]!.GetValue<string>(), "the employee has head office's scope too");
        Totals(second, "funnel")["leads"]!.GetValue<long>().Should().Be(Totals(first, "funnel")["leads"]!.GetValue<long>(), "within its age the entry is served as computed");
        DateTimeOffset.Parse(second["generatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Should()
            .BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60));
    }
}
