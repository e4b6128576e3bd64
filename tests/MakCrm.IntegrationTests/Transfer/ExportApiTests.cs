using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Identity;
using MakCrm.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Transfer;

public sealed class ExportApiTests(ApiServerFixture server) : TransferTest(server)
{
    private static readonly string[] ClientHeader =
        ["id", "fullName", "phone", "email", "city", "source", "processingMethod", "tags", "consentGivenAt", "consentTextVersion", "consentWithdrawnAt", "createdAt", "updatedAt"];

    [Fact]
    public async Task A_filtered_csv_export_has_the_documented_columns_a_bom_and_only_the_selected_clients()
    {
        var kazan = await ExpectJson(await Post("/api/v1/clients", new
        {
            fullName = "Казанцев, \"Кавычка\" Пётр", phone = UniquePhone(), email = "kazan@example.ru", city = "Казань", source = "partner",
            processingMethod = "call_center", tags = new[] { "vip", "ипотека" }, consent = new { givenAt = "2026-11-01T10:00:00Z", textVersion = "v2" },
        }), HttpStatusCode.Created);
        await CreateClient("Москвичёв", city: "Москва");

        var response = await Http.GetAsync("/api/v1/clients/export?city=%D0%9A%D0%B0%D0%B7%D0%B0%D0%BD%D1%8C");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.Should().MatchRegex("^\"?clients-\\d{8}-\\d{6}\\.csv\"?$");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal([0xEF, 0xBB, 0xBF], "Excel needs the byte order mark to read UTF-8");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        text.Should().StartWith(string.Join(",", ClientHeader) + "\r\n");
        text.Should().Contain("\"Казанцев, \"\"Кавычка\"\" Пётр\"", "RFC 4180 quoting");

        var rows = await ReadTable(await Http.GetAsync("/api/v1/clients/export?city=%D0%9A%D0%B0%D0%B7%D0%B0%D0%BD%D1%8C&format=csv"), ImportFileFormat.Csv);
        rows.Should().HaveCount(2);
        rows[1].Should().Equal(
            Id(kazan), "Казанцев, \"Кавычка\" Пётр", kazan["phone"]!.GetValue<string>(), "kazan@example.ru", "Казань", "partner", "call_center", "vip; ипотека",
            "2026-11-01T10:00:00.000000Z", "v2", "", rows[1][11], rows[1][12]);
        DateTimeOffset.Parse(rows[1][11]!).Should().Be(DateTimeOffset.Parse(kazan["createdAt"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_xlsx_export_carries_the_same_rows_as_text_cells()
    {
        var client = await CreateClient("Экселев", phone: "+79170000001", city: "Самара");
        await CreateClient("Другой", city: "Тула");
        var response = await Http.GetAsync("/api/v1/clients/export?format=xlsx&city=%D0%A1%D0%B0%D0%BC%D0%B0%D1%80%D0%B0");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(TransferMediaTypes.Xlsx);
        response.Content.Headers.ContentDisposition!.FileName.Should().EndWith(".xlsx");
        var rows = await ReadTable(response, ImportFileFormat.Xlsx);
        rows[0].Should().Equal(ClientHeader);
        rows.Should().HaveCount(2);
        rows[1].Take(6).Should().Equal(Id(client), "Экселев", "+79170000001", "", "Самара", "partner");
    }

    [Theory]
    [InlineData(ImportFileFormat.Csv)]
    [InlineData(ImportFileFormat.Xlsx)]
    public async Task Cells_that_a_spreadsheet_would_run_as_formulas_are_exported_behind_a_quote_and_numbers_stay_as_they_are(ImportFileFormat format)
    {
        string[] formulas = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "'=уже в кавычке"];
        foreach (var name in formulas)
        {
            await CreateClient(name, phone: UniquePhone(), city: "Формулино");
        }

        var plain = await CreateClient("Числовой", phone: "+79991234567", city: "-1500.50");
        var extension = format == ImportFileFormat.Csv ? "csv" : "xlsx";
        var rows = await ReadTable(await Http.GetAsync($"/api/v1/clients/export?format={extension}"), format);

        var names = rows.Skip(1).Where(r => r[4] == "Формулино").Select(r => r[1]);
        names.Should().BeEquivalentTo("'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", "'+cmd|' /C calc'!A0", "'-2+3", "''=уже в кавычке");
        var number = rows.Single(r => r[0] == Id(plain));
        (number[2], number[4]).Should().Be(("+79991234567", "-1500.50"), "a phone or a negative number cannot run as a formula");
    }

    [Fact]
    public async Task Text_xml_cannot_hold_is_exported_to_xlsx_in_the_formats_own_escape_and_read_back_as_it_was()
    {
        // U+0001 is valid in JSON and in PostgreSQL but not in XML; "_x0041_" is how the format would spell "A".
        var control = await CreateClient("Управляющий\u0001символ", phone: UniquePhone(), city: "_x0041_ буквально");

        var response = await Http.GetAsync("/api/v1/clients/export?format=xlsx");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var package = new System.IO.Compression.ZipArchive(new MemoryStream(bytes)))
        {
            using var sheet = new StreamReader(await package.Entries.Single(e => e.FullName.Contains("worksheets/", StringComparison.Ordinal)).OpenAsync());
            var xml = await sheet.ReadToEndAsync();
            xml.Should().Contain("Управляющий_x0001_символ").And.Contain("_x005F_x0041_ буквально");
        }

        var row = (await ReadTable(new HttpResponseMessage { Content = new ByteArrayContent(bytes) }, ImportFileFormat.Xlsx)).Single(r => r[0] == Id(control));
        (row[1], row[4]).Should().Be(("Управляющий\u0001символ", "_x0041_ буквально"));
    }

    [Fact]
    public async Task Leads_export_with_the_list_filters()
    {
        var client = await CreateClient();
        var mortgage = await CreateLead(Id(client), 2_500_000.5m, "mortgage");
        await CreateLead(Id(client), 100_000m, "consumer");
        var rows = await ReadTable(await Http.GetAsync("/api/v1/leads/export?product=mortgage"), ImportFileFormat.Csv);
        rows[0].Should().Equal(
            "id", "clientId", "fullName", "phone", "email", "city", "source", "processingMethod", "requestedAmount", "product", "status", "comment",
            "organizationId", "organizationName", "responsibleUserId", "responsibleName", "createdAt", "updatedAt");
        rows.Should().HaveCount(2);
        rows[1].Take(2).Concat(rows[1].Skip(8).Take(3)).Should().Equal(Id(mortgage), Id(client), "2500000.50", "mortgage", mortgage["status"]!.GetValue<string>());

        var xlsx = await ReadTable(await Http.GetAsync("/api/v1/leads/export?format=xlsx"), ImportFileFormat.Xlsx);
        xlsx.Should().HaveCount(3);
    }

    [Fact]
    public async Task Bad_filters_and_formats_are_400s_like_the_lists()
    {
        var format = await ExpectProblem(
            await Http.GetAsync("/api/v1/clients/export?format=ods"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        FieldErrors(format, "format").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/clients/export?processingMethod=telepathy"), HttpStatusCode.BadRequest, "validation_failed"), "processingMethod").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/clients/export?createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z"), HttpStatusCode.BadRequest, "validation_failed"), "createdTo").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/leads/export?status=no_such_status"), HttpStatusCode.BadRequest, "validation_failed"), "status").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/leads/export?amountMin=-1"), HttpStatusCode.BadRequest, "validation_failed"), "amountMin").Should().NotBeEmpty();
        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/leads/export?format=doc"), HttpStatusCode.BadRequest, "validation_failed"), "format").Should().NotBeEmpty();
    }

    [Fact]
    public async Task Exporting_needs_the_permission_and_a_recent_two_factor_sign_in()
    {
        await CreateClient();
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var stepUp = await employee.GetAsync("/api/v1/clients/export");
        await ExpectProblem(stepUp, HttpStatusCode.Unauthorized, "step_up_required");
        stepUp.Headers.WwwAuthenticate.ToString().Should().Contain("insufficient_user_authentication");
        await ExpectProblem(await employee.GetAsync("/api/v1/leads/export"), HttpStatusCode.Unauthorized, "step_up_required");

        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        await ExpectProblem(await partner.GetAsync("/api/v1/clients/export"), HttpStatusCode.Forbidden, "forbidden");
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync("/api/v1/leads/export"), HttpStatusCode.Forbidden, "forbidden");

        // A download asks for a file (the generated clients send Accept: application/octet-stream): refusals are still problems.
        using var asFile = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clients/export");
        asFile.Headers.Accept.ParseAdd("application/octet-stream");
        await ExpectProblem(await partner.SendAsync(asFile), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_partner_with_the_permission_exports_only_its_own_organizations_clients_and_the_export_is_audited()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var own = await ExpectJson(await alpha.PostAsync("/api/v1/clients", JsonContent(new { fullName = "Свой", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
        await ExpectJson(await beta.PostAsync("/api/v1/clients", JsonContent(new { fullName = "Чужой", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);

        var put = await Send(HttpMethod.Put, "/api/v1/roles/partner/permissions", Json(new { permissions = Roles.DefaultMatrix[Roles.Partner].Append(Permissions.ClientsExport) }));
        put.StatusCode.Should().Be(HttpStatusCode.OK);
        try
        {
            using var exporter = Server.CreateHttpClient(await SteppedUpPartnerTokenAsync());
            var rows = await ReadTable(await exporter.GetAsync("/api/v1/clients/export?processingMethod=call_center&processingMethod=partner&hasConsent=false"), ImportFileFormat.Csv);
            rows.Should().ContainSingle("no client of Alpha's is worked that way");
            rows = await ReadTable(await exporter.GetAsync("/api/v1/clients/export"), ImportFileFormat.Csv);
            rows.Skip(1).Select(r => r[0]).Should().Equal(Id(own));

            var audit = (await ExpectJson(await Http.GetAsync("/api/v1/audit-events?kind=security&action=clients.exported"), HttpStatusCode.OK))["items"]!.AsArray();
            audit.Should().HaveCount(2);
            audit[1]!["changes"]!["filter"]!["processing_method"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("call_center", "partner");
            audit[1]!["changes"]!["filter"]!["has_consent"]!.GetValue<bool>().Should().BeFalse();
            audit[1]!["changes"]!["rows"]!.GetValue<int>().Should().Be(0);
            audit[0]!["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
            audit[0]!["actorUserId"].Should().NotBeNull();
            var details = audit[0]!["changes"]!;
            details["rows"]!.GetValue<int>().Should().Be(1);
            details["format"]!.GetValue<string>().Should().Be("csv");
            details["organization_scope"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
            details["filter"].Should().NotBeNull();
        }
        finally
        {
            await Send(HttpMethod.Put, "/api/v1/roles/partner/permissions", Json(new { permissions = Roles.DefaultMatrix[Roles.Partner] }));
        }
    }

    [Fact]
    public async Task Exported_clients_imported_into_an_empty_organization_are_the_same_clients()
    {
        await ExpectJson(await Post("/api/v1/clients", new
        {
            fullName = "Полный Профиль", phone = "+79175550001", email = "full@example.ru", city = "Пермь", source = "cold_base",
            processingMethod = "self_service", tags = new[] { "горячий", "vip" },
            consent = new { givenAt = "2026-10-01T09:30:00.123456Z", textVersion = "2026-10", withdrawnAt = "2026-11-01T00:00:00Z" },
        }), HttpStatusCode.Created);
        await CreateClient("=Минимальный+1", phone: "+79175550002");
        await CreateClient("Казахстанский", phone: "+77011234567", source: "external");

        foreach (var format in new[] { ImportFileFormat.Csv, ImportFileFormat.Xlsx })
        {
            await Sql<long>("WITH deleted AS (DELETE FROM clients WHERE organization_id = $1 RETURNING 1) SELECT count(*) FROM deleted", TestActors.FranchiseeOrganization);
            var extension = format == ImportFileFormat.Csv ? "csv" : "xlsx";
            var file = await (await Http.GetAsync($"/api/v1/clients/export?format={extension}")).Content.ReadAsByteArrayAsync();

            using var franchisee = await Server.CreateHttpClientAsync(TestActor.Franchisee);
            var location = await Queue(franchisee, file, $"export.{extension}");
            await RunImportsAsync();
            var operation = await ExpectJson(await franchisee.GetAsync(location), HttpStatusCode.OK);
            operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
            (Count(operation, "rowsRead"), Count(operation, "created")).Should().Be((3L, 3L));

            var original = await Profiles(Http, $"/api/v1/clients?limit=50");
            var imported = await Profiles(franchisee, "/api/v1/clients?limit=50");
            imported.Should().BeEquivalentTo(original.Where(p => p.Organization != TestActors.FranchiseeOrganization.ToString()).Select(p => p with { Organization = TestActors.FranchiseeOrganization.ToString() }), "{0}", format);
        }
    }

    private static async Task<List<Profile>> Profiles(HttpClient http, string url)
    {
        var items = (await ExpectJson(await http.GetAsync(url), HttpStatusCode.OK))["items"]!.AsArray();
        return items.Select(i => new Profile(
            i!["organizationId"]!.GetValue<string>(),
            i["fullName"]!.GetValue<string>(),
            i["phone"]!.GetValue<string>(),
            i["email"]?.GetValue<string>(),
            i["city"]?.GetValue<string>(),
            i["source"]!.GetValue<string>(),
            i["processingMethod"]?.GetValue<string>(),
            string.Join("|", i["tags"]!.AsArray().Select(t => t!.GetValue<string>())),
            i["consent"]?.ToJsonString())).ToList();
    }

    private sealed record Profile(string Organization, string FullName, string Phone, string? Email, string? City, string Source, string? ProcessingMethod, string Tags, string? Consent);

    private static StringContent JsonContent(object body) => new(Json(body), Encoding.UTF8, "application/json");

    /// <summary>A new user of Partner Alpha's organization who signs in with a password and a TOTP code.</summary>
    private async Task<string> SteppedUpPartnerTokenAsync()
    {
        var email = $"exporter-{Guid.NewGuid():N}@test.mak";
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
