using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MakCrm.Domain.Access;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Identity;
using MakCrm.IntegrationTests.Transfer;
using MakCrm.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Reports;

/// <summary>Exports of report queries and saved reports over real HTTP: the file against the JSON answer, access, bad input, size.</summary>
public sealed class ReportExportTests(ApiServerFixture server) : TransferTest(server)
{
    private static readonly object BySourceAndMonth = new
    {
        dataset = "leads",
        dimensions = new object[] { new { field = "source" }, new { field = "createdAt", timeBucket = "month" } },
        measures = new object[]
        {
            new { op = "count", @as = "leads" },
            new { op = "sum", field = "requestedAmount", @as = "amount" },
            new { op = "conversion", @as = "issued", numerator = new { field = "status", @operator = "eq", values = new[] { "issued" } } },
        },
    };

    private async Task SeedLeads()
    {
        foreach (var (source, city, amount, createdAt, status) in new[]
                 {
                     ("partner", "Москва", 100m, "2026-01-31T20:59:00Z", "new"),
                     ("partner", "Москва", 300.5m, "2026-01-31T21:00:00Z", "issued"),
                     ("lead_generation", "Казань", 200m, "2026-02-10T10:00:00Z", "issued"),
                 })
        {
            var lead = await CreateLead(Id(await CreateClient(city: city, source: source)), amount);
            await Execute($"UPDATE leads SET created_at = '{createdAt}', status = '{status}' WHERE id = '{Id(lead)}'");
        }
    }

    /// <summary>A JSON cell as the file writes it: the value's text, an empty cell for null.</summary>
    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    [Fact]
    public async Task A_pdf_export_is_a_printable_table_of_the_same_rows_headed_by_the_dataset()
    {
        await SeedLeads();

        var response = await Http.PostAsync("/api/v1/reports/query/export?format=pdf", Body(BySourceAndMonth));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.Should()
            .MatchRegex(@"^report-leads-\d{8}-\d{6}\.pdf$");
        var text = await Documents.GeneratedDocumentTexts.PdfTextAsync(await response.Content.ReadAsByteArrayAsync());
        text.Should().Contain("Лиды").And.Contain("строк: 3").And.Contain("lead_generation");
        text.Should().Contain("300.50");

        var leads = await Http.GetAsync("/api/v1/leads/export?format=pdf");
        leads.StatusCode.Should().Be(HttpStatusCode.OK, await leads.Content.ReadAsStringAsync());
        (await Documents.GeneratedDocumentTexts.PdfTextAsync(await leads.Content.ReadAsByteArrayAsync()))
            .Should()
            .Contain("Лиды")
            .And.Contain("Казань");
    }

    [Fact]
    public async Task A_csv_export_has_the_labels_as_header_and_exactly_the_rows_of_the_same_query_in_json()
    {
        await SeedLeads();
        var json = await ExpectJson(await Http.PostAsync("/api/v1/reports/query", Body(BySourceAndMonth)), HttpStatusCode.OK);

        var response = await Http.PostAsync("/api/v1/reports/query/export", Body(BySourceAndMonth));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').Should().MatchRegex(@"^report-leads-\d{8}-\d{6}\.csv$");
        (await response.Content.ReadAsByteArrayAsync()).Take(3).Should().Equal([0xEF, 0xBB, 0xBF]);
        var rows = await ReadTable(await Http.PostAsync("/api/v1/reports/query/export?format=csv", Body(BySourceAndMonth)), ImportFileFormat.Csv);

        var columns = json["columns"]!.AsArray();
        rows[0].Should().Equal(columns.Select(c => c!["label"]!.GetValue<string>()));
        rows[0].Should().Equal("Источник", "Дата создания (месяц)", "Количество", "Сумма: Запрошенная сумма", "Конверсия");
        var expected = json["rows"]!.AsArray().Select(r => columns.Select(c => Text(r![c!["key"]!.GetValue<string>()])).ToArray()).ToList();
        expected.Should().HaveCount(3);
        rows.Skip(1).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        rows.Skip(1).Should().ContainEquivalentOf(new[] { "partner", "2026-02-01", "1", "300.50", "1.0000" }, "money keeps its kopecks and ratios are as in JSON");
    }

    [Fact]
    public async Task An_xlsx_export_opens_as_a_workbook_with_the_header_and_the_rows()
    {
        await SeedLeads();
        var response = await Http.PostAsync("/api/v1/reports/query/export?format=xlsx", Body(BySourceAndMonth));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').Should().EndWith(".xlsx");

        using var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(file, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToArray()).ToList();
        rows.Should().HaveCount(4);
        rows[0].Should().Equal("Источник", "Дата создания (месяц)", "Количество", "Сумма: Запрошенная сумма", "Конверсия");
        rows.Skip(1).Should().ContainEquivalentOf(new[] { "lead_generation", "2026-02-01", "1", "200.00", "1.0000" });
    }

    [Fact]
    public async Task A_saved_report_exports_its_rows_under_its_name_keeps_its_limit_and_a_vanished_field_is_409()
    {
        await SeedLeads();
        var query = new { dataset = "leads", dimensions = new[] { new { field = "clientCity" } }, measures = new[] { new { op = "count" } }, limit = 1 };
        var report = await ExpectJson(await Http.PostAsync("/api/v1/reports/saved", Body(new { name = "Лиды / по городам", query })), HttpStatusCode.Created);

        var response = await Http.GetAsync($"/api/v1/reports/saved/{Id(report)}/export");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var disposition = response.Content.Headers.ContentDisposition!;
        (disposition.FileNameStar ?? disposition.FileName)!.Trim('"').Should().MatchRegex(@"^Лиды---по-городам-\d{8}-\d{6}\.csv$");
        var rows = await ReadTable(response, ImportFileFormat.Csv);
        rows.Should().HaveCount(2, "the saved limit of 1 row is kept");
        rows[0].Should().Equal("Город", "Количество");
        rows[1].Should().Equal("Казань", "1");

        await ExpectProblem(await Http.GetAsync($"/api/v1/reports/saved/{Guid.NewGuid()}/export"), HttpStatusCode.NotFound, "not_found");
        await Execute($$"""UPDATE saved_reports SET definition = jsonb_set(definition, '{dimensions,0,field}', '"formerField"') WHERE id = '{{Id(report)}}'""");
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/reports/saved/{Id(report)}/export?format=xlsx"), HttpStatusCode.Conflict, "report_field_removed");
        FieldErrors(problem, "query.dimensions[0].field").Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_partner_allowed_to_export_leads_gets_only_its_organizations_rows_and_the_export_is_audited()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        foreach (var (http, name) in new[] { (alpha, "Свой Клиент"), (beta, "Чужой Клиент") })
        {
            var client = await ExpectJson(await http.PostAsync("/api/v1/clients", Body(new { fullName = name, phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
            await ExpectJson(await http.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 1000, product = "mortgage" })), HttpStatusCode.Created);
        }

        var byName = new { dataset = "leads", dimensions = new[] { new { field = "clientName" } }, measures = new[] { new { op = "count" } } };
        await ExpectProblem(await alpha.PostAsync("/api/v1/reports/query/export", Body(byName)), HttpStatusCode.Forbidden, "forbidden");

        (await Send(HttpMethod.Put, "/api/v1/roles/partner/permissions", Json(new { permissions = Roles.DefaultMatrix[Roles.Partner].Append(Permissions.LeadsExport) })))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        try
        {
            var challenge = await alpha.PostAsync("/api/v1/reports/query/export", Body(byName));
            await ExpectProblem(challenge, HttpStatusCode.Unauthorized, "step_up_required");
            challenge.Headers.WwwAuthenticate.ToString().Should().Contain("insufficient_user_authentication");

            using var exporter = Server.CreateHttpClient(await SteppedUpPartnerTokenAsync());
            var rows = await ReadTable(await exporter.PostAsync("/api/v1/reports/query/export", Body(byName)), ImportFileFormat.Csv);
            rows.Skip(1).Select(r => r[0]).Should().Equal("Свой Клиент");

            var audit = (await ExpectJson(await Http.GetAsync("/api/v1/audit-events?kind=security&action=reports.exported"), HttpStatusCode.OK))["items"]!.AsArray();
            audit.Should().ContainSingle();
            audit[0]!["changes"]!["dataset"]!.GetValue<string>().Should().Be("leads");
            audit[0]!["changes"]!["organization_scope"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        }
        finally
        {
            await Send(HttpMethod.Put, "/api/v1/roles/partner/permissions", Json(new { permissions = Roles.DefaultMatrix[Roles.Partner] }));
        }
    }

    [Fact]
    public async Task Datasets_without_personal_data_need_no_export_permission_and_the_guest_may_not_export()
    {
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var tasks = new { dataset = "tasks", dimensions = new[] { new { field = "isDone" } }, measures = new[] { new { op = "count" } } };
        var rows = await ReadTable(await employee.PostAsync("/api/v1/reports/query/export", Body(tasks)), ImportFileFormat.Csv);
        rows[0].Should().Equal("Выполнена", "Количество");

        await ExpectProblem(await employee.PostAsync("/api/v1/reports/query/export", Body(BySourceAndMonth)), HttpStatusCode.Unauthorized, "step_up_required");
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        (await guest.PostAsync("/api/v1/reports/query/export", Body(tasks))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
        await ExpectProblem(await franchisee.PostAsync("/api/v1/reports/query/export", Body(new { dataset = "deals", measures = new[] { new { op = "count" } } })), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Bad_export_requests_are_problems_naming_the_part_at_fault()
    {
        var unknown = await ExpectProblem(await Http.PostAsync("/api/v1/reports/query/export", Body(new { dataset = "nope", measures = new[] { new { op = "count" } } })), HttpStatusCode.BadRequest, "report_query_invalid");
        FieldErrors(unknown, "dataset").Should().NotBeEmpty();

        var tooMany = await ExpectProblem(
            await Http.PostAsync("/api/v1/reports/query/export", Body(new { dataset = "leads", measures = new[] { new { op = "sum", field = "clientName" } }, limit = 1_048_576 })),
            HttpStatusCode.BadRequest, "report_query_invalid");
        FieldErrors(tooMany, "limit").Should().NotBeEmpty();
        FieldErrors(tooMany, "measures[0].field").Should().NotBeEmpty();

        var big = await Http.PostAsync("/api/v1/reports/query/export", Body(new { dataset = "leads", measures = new[] { new { op = "count" } }, limit = 1_048_575 }));
        big.StatusCode.Should().Be(HttpStatusCode.OK, "an export may go past the JSON answer's 10,000 rows");

        await ExpectProblem(
            await Http.PostAsync("/api/v1/reports/query/export?format=ods", Body(BySourceAndMonth)),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        (await Http.PostAsync("/api/v1/reports/query/export", new StringContent("{", Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("csv", ImportFileFormat.Csv)]
    [InlineData("xlsx", ImportFileFormat.Xlsx)]
    public async Task Cells_a_spreadsheet_would_run_as_formulas_are_exported_behind_a_quote(string format, ImportFileFormat fileFormat)
    {
        await CreateLead(Id(await CreateClient("=HYPERLINK(\"http://x\",\"y\")", city: "Формулино")));
        var query = new { dataset = "leads", dimensions = new[] { new { field = "clientName" }, new { field = "clientCity" } }, measures = new[] { new { op = "count" } } };
        var rows = await ReadTable(await Http.PostAsync($"/api/v1/reports/query/export?format={format}", Body(query)), fileFormat);
        rows[1].Should().Equal("'=HYPERLINK(\"http://x\",\"y\")", "Формулино", "1");
    }

    [Fact]
    public async Task Fifty_thousand_rows_stream_out_whole_and_in_order()
    {
        var lead = await CreateLead(Id(await CreateClient()));
        await Execute($"""
            CREATE TEMP TABLE many AS SELECT l.*, g AS n FROM leads l CROSS JOIN generate_series(1, 49999) g WHERE l.id = '{Id(lead)}';
            UPDATE many SET id = gen_random_uuid(), created_at = timestamptz '2026-01-01 12:00:00Z' - n * interval '1 day';
            ALTER TABLE many DROP COLUMN n;
            INSERT INTO leads SELECT * FROM many;
            UPDATE leads SET created_at = '2026-01-01T12:00:00Z' WHERE id = '{Id(lead)}';
            """);
        var query = new { dataset = "leads", dimensions = new[] { new { field = "createdAt", timeBucket = "day" } }, measures = new[] { new { op = "count" } }, timeZone = "UTC" };

        using var response = await Http.PostAsync("/api/v1/reports/query/export", Body(query), default);
        var rows = await ReadTable(response, ImportFileFormat.Csv);
        rows.Should().HaveCount(50_001);
        rows[1].Should().Equal(DateOnly.FromDateTime(new DateTime(2026, 1, 1)).AddDays(-49_999).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "1");
        rows[^1].Should().Equal("2026-01-01", "1");
        rows.Skip(1).Select(r => r[0]).Should().BeInAscendingOrder(StringComparer.Ordinal).And.OnlyHaveUniqueItems();
    }

    /// <summary>A new user of Partner Alpha's organization who signs in with a password and a TOTP code.</summary>
    private async Task<string> SteppedUpPartnerTokenAsync()
    {
        var email = $"report-exporter-{Guid.NewGuid():N}@test.mak";
        var user = await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        var secret = await Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MakUser>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            await users.SetTwoFactorEnabledAsync(stored, true);
            return (await users.GetAuthenticatorKeyAsync(stored))!;
        });
        var tokens = await Server.TwoFactorSignInAsync(email, TestActors.Password, secret);
        return tokens.GetProperty("access_token").GetString()!;
    }
}
