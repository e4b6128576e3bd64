using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Imports;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Transfer;

/// <summary>Lead imports (<c>kind=leads</c>): every row through the lead intake, on behalf of the uploader, two rows per batch.</summary>
public sealed class LeadImportApiTests(SmallBatchImportServer server) : TransferTest(server), IClassFixture<SmallBatchImportServer>
{
    private static readonly string[] ContactHeader = ["fullName", "phone", "email", "city", "source", "requestedAmount", "product", "status", "comment"];

    [Theory]
    [InlineData(ImportFileFormat.Csv)]
    [InlineData(ImportFileFormat.Xlsx)]
    public async Task A_lead_file_creates_the_good_rows_links_the_duplicates_and_rejects_the_broken_ones_with_reasons(ImportFileFormat format)
    {
        await ExpectJson(await Post("/api/v1/client-sources", new { code = "strict_platform", name = "Строгая площадка", duplicatePolicy = "reject" }), HttpStatusCode.Created);
        var manager = await Server.UserIdAsync(TestActor.Employee);
        var uploader = await Server.UserIdAsync(TestActor.PartnerAlpha);
        var originalClient = await CreateClient("Оригинал", phone: "+79181110000", email: "orig@example.ru");
        var original = Id(await ExpectJson(
            await Post("/api/v1/leads", new { clientId = Id(originalClient), requestedAmount = 500_000, product = "auto", responsibleUserId = manager }), HttpStatusCode.Created));

        string?[][] rows =
        [
            ["Первый Лид", "8 (918) 111-00-01", "first@example.ru", "Москва", "partner", "1500000", "mortgage", null, "Хороший, \"с кавычками\""],
            ["Второй Лид", "+7 918 111 00 02", null, "Тверь", null, "250 000,50", "consumer", "in_progress", null],
            ["Повтор Телефона", "+7 (918) 111-00-00", null, null, "partner", "100000", "auto", null, null],
            ["Повтор Почты", "+79181110004", "ORIG@Example.ru", null, "partner", "100000", "auto", null, null],
            ["Повтор Первого", "7-918-111-00-01", null, null, "partner", "300000", "business", null, null],
            ["Строгий Источник", "89181110000", null, null, "strict_platform", "100000", "auto", null, null],
            ["Плохой Телефон", "12345", null, null, "partner", "100000", "auto", null, null],
            ["Чужой Статус", "+79181110008", null, null, "partner", "100000", "auto", "nope", null],
            ["Чужой Источник", "+79181110009", null, null, "no_such_source", "100000", "auto", null, null],
            [null, "+79181110010", null, null, "partner", null, null, null, null],
            ["Плохая Сумма", "+79181110011", null, null, "partner", "много", "yacht", null, null],
        ];
        var file = format == ImportFileFormat.Csv ? await Csv(ContactHeader, rows) : await Xlsx(ContactHeader, rows);
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var location = await Queue(alpha, file, $"leads.{Extension(format)}", source: "external", kind: "leads");
        await RunImportsAsync();

        var operation = await ExpectJson(await alpha.GetAsync(location), HttpStatusCode.OK);
        operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
        operation["kind"]!.GetValue<string>().Should().Be("leads");
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "duplicates"), Count(operation, "rejected")).Should().Be((11L, 2L, 3L, 6L));

        var leads = (await ExpectJson(await alpha.GetAsync("/api/v1/leads?limit=50&sort=createdAt"), HttpStatusCode.OK))["items"]!.AsArray().Select(l => l!.AsObject()).ToList();
        leads.Should().HaveCount(5);
        var (first, second, byPhone, byEmail, repeat) = (leads[0], leads[1], leads[2], leads[3], leads[4]);
        (first["requestedAmount"]!.GetValue<decimal>(), first["product"]!.GetValue<string>(), first["status"]!.GetValue<string>(), first["comment"]!.GetValue<string>())
            .Should().Be((1_500_000m, "mortgage", "new", "Хороший, \"с кавычками\""));
        first["duplicateOf"].Should().BeNull();
        (second["requestedAmount"]!.GetValue<decimal>(), second["product"]!.GetValue<string>(), second["status"]!.GetValue<string>()).Should().Be((250_000.50m, "consumer", "in_progress"));
        second["duplicateOf"].Should().BeNull();
        byPhone["duplicateOf"]!.GetValue<string>().Should().Be(original, "the phone in another spelling repeats head office's open lead");
        byEmail["duplicateOf"]!.GetValue<string>().Should().Be(original, "the e-mail in another case does too");
        repeat["duplicateOf"]!.GetValue<string>().Should().Be(Id(first), "an earlier row of the file is an original as well");
        repeat["clientId"]!.GetValue<string>().Should().Be(first["clientId"]!.GetValue<string>(), "the organization's client with this phone is reused");
        leads.Should().OnlyContain(l => l["organizationId"]!.GetValue<string>() == TestActors.PartnerAlphaOrganization.ToString());

        var clients = (await ExpectJson(await alpha.GetAsync("/api/v1/clients?limit=50"), HttpStatusCode.OK))["items"]!.AsArray();
        clients.Select(c => c!["phone"]!.GetValue<string>()).Should().BeEquivalentTo("+79181110001", "+79181110002", "+79181110000", "+79181110004");
        clients.Single(c => c!["phone"]!.GetValue<string>() == "+79181110002")!["source"]!.GetValue<string>().Should().Be("external", "the form's default source");

        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        var inbox = (await ExpectJson(await employee.GetAsync("/api/v1/notifications?limit=50"), HttpStatusCode.OK))["items"]!.AsArray();
        inbox.Where(n => n!["subjectId"]!.GetValue<string>() == original && n["kind"]!.GetValue<string>() == "lead_duplicate")
            .Should().HaveCount(2, "the original's manager hears of both duplicates")
            .And.OnlyContain(n => n!["kind"]!.GetValue<string>() == "lead_duplicate");
        (await ExpectJson(await alpha.GetAsync("/api/v1/notifications"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty("nobody is told of their own import");

        var timeline = (await ExpectJson(await alpha.GetAsync($"/api/v1/leads/{Id(repeat)}/timeline?limit=50"), HttpStatusCode.OK))["items"]!.AsArray();
        timeline.Should().NotBeEmpty().And.OnlyContain(i => i!["actor"]!["userId"]!.GetValue<string>() == uploader.ToString());
        var created = (await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(first)}"), HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        created["action"]!.GetValue<string>().Should().Be("lead.created");
        created["actorUserId"]!.GetValue<string>().Should().Be(uploader.ToString());
        created["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        var imported = (await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(operation)}"), HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        imported["action"]!.GetValue<string>().Should().Be("leads.imported");
        (imported["changes"]!["created"]!.GetValue<long>(), imported["changes"]!["duplicates"]!.GetValue<long>()).Should().Be((2L, 3L));

        var rejected = await ReadTable(await alpha.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
        rejected[0].Should().Equal([.. ContactHeader, "rowNumber", "reason"]);
        rejected.Skip(1).Select(r => r[^2]).Should().Equal("6", "7", "8", "9", "10", "11");
        rejected[1][0].Should().Be("Строгий Источник");
        var reasons = rejected.Skip(1).Select(r => r[^1]!).ToList();
        reasons[0].Should().Be($"duplicate_lead: An open lead with the same phone already exists: {original}. This source does not accept duplicates.");
        reasons[1].Should().StartWith("phone: Must be a phone number");
        reasons[2].Should().StartWith("status: Is not a lead status: 'nope'. Must be one of: new,");
        reasons[3].Should().Be("source: Is not the code of an active client source; GET /api/v1/client-sources lists them.");
        reasons[4].Should().Be("requestedAmount: Is required.; product: Is required.; fullName: Must not be empty.");
        reasons[5].Should().Be("requestedAmount: Must be an amount in roubles, e.g. 1500000.00.; product: Must be one of: mortgage, consumer, auto, business, refinancing.");
    }

    [Fact]
    public async Task A_row_with_a_nul_character_or_one_the_database_refuses_is_rejected_alone_and_the_rest_is_imported()
    {
        // A rule only the database knows stands for whatever limit the row judges might miss.
        await Execute("ALTER TABLE leads ADD CONSTRAINT ck_test_not_poison CHECK (comment IS DISTINCT FROM 'Отрава')");
        try
        {
            string?[][] rows =
            [
                ["Первый Целый", "+79182220001", null, null, "partner", "100000", "auto", null, null],
                ["Нулевой", "+79182220002", null, null, "partner", "100000", "auto", null, "до\0после"],
                ["Отравленный", "+79182220003", null, null, "partner", "100000", "auto", null, "Отрава"],
                ["Второй Целый", "+79182220004", null, null, "partner", "100000", "auto", null, "ок"],
                ["Третий Целый", "+79182220005", null, null, "partner", "100000", "auto", null, null],
            ];
            var location = await Queue(Http, await Csv(ContactHeader, rows), "poison.csv", kind: "leads");
            await RunImportsAsync();

            var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
            operation["status"]!.GetValue<string>().Should().Be("succeeded", operation.ToJsonString());
            (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "duplicates"), Count(operation, "rejected")).Should().Be((5L, 3L, 0L, 2L));
            (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(3);
            (await Sql<long>("SELECT count(*) FROM clients WHERE phone IN ('+79182220002', '+79182220003')")).Should().Be(0, "a rejected row adds nothing");
            var rejected = await ReadTable(await Http.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv);
            rejected.Skip(1).Select(r => r[^2]).Should().Equal("2", "3");
            rejected[1][^1].Should().Be("comment: Contains a NUL character (U+0000), which cannot be stored.");
            rejected[2][^1].Should().StartWith("row: The database refused the row").And.Contain("ck_test_not_poison");
        }
        finally
        {
            await Execute("ALTER TABLE leads DROP CONSTRAINT ck_test_not_poison");
        }
    }

    [Fact]
    public async Task Rows_may_name_a_client_of_the_organization_by_id_in_any_column_order()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var manager = await Server.UserIdAsync(TestActor.PartnerAlpha);
        var withLead = Id(await ExpectJson(await alpha.PostAsync("/api/v1/clients", JsonBody(new { fullName = "С лидом", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created));
        var openLead = Id(await ExpectJson(await alpha.PostAsync("/api/v1/leads", JsonBody(new { clientId = withLead, requestedAmount = 100_000, product = "auto" })), HttpStatusCode.Created));
        var without = Id(await ExpectJson(await alpha.PostAsync("/api/v1/clients", JsonBody(new { fullName = "Без лида", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created));
        var betas = Id(await ExpectJson(await beta.PostAsync("/api/v1/clients", JsonBody(new { fullName = "Клиент Беты", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created));
        var spare = Id(await ExpectJson(await alpha.PostAsync("/api/v1/clients", JsonBody(new { fullName = "Запасной", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created));
        var betaUser = await Server.UserIdAsync(TestActor.PartnerBeta);
        var nobody = Guid.CreateVersion7();

        var file = await Xlsx(
            ["Product", "RequestedAmount", "ClientId", "Status", "Comment", "ResponsibleUserId"],
            [
                ["refinancing", "2000000.5", without, "from_partner", "По клиенту", manager.ToString()],
                ["auto", "100000", withLead, null, null, null],
                ["auto", "100000", betas, null, null, null],
                ["auto", "100000", "не uuid", null, null, null],
                ["auto", "100000", null, null, null, null],
                ["auto", "100000", without, null, null, "кто-то"],
                ["auto", "100000", spare, null, null, betaUser.ToString()],
                ["auto", "100000", spare, null, null, nobody.ToString()],
            ]);
        var location = await Queue(alpha, file, "by-client.xlsx", kind: "leads");
        await RunImportsAsync();

        var operation = await ExpectJson(await alpha.GetAsync(location), HttpStatusCode.OK);
        (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "duplicates"), Count(operation, "rejected")).Should().Be((8L, 1L, 1L, 6L), operation.ToJsonString());
        var created = (await ExpectJson(await alpha.GetAsync($"/api/v1/leads?clientId={without}"), HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        (created["product"]!.GetValue<string>(), created["requestedAmount"]!.GetValue<decimal>(), created["status"]!.GetValue<string>(), created["comment"]!.GetValue<string>())
            .Should().Be(("refinancing", 2_000_000.5m, "from_partner", "По клиенту"));
        created["responsibleUserId"]!.GetValue<string>().Should().Be(manager.ToString());
        var duplicate = (await ExpectJson(await alpha.GetAsync($"/api/v1/leads?duplicateOf={openLead}"), HttpStatusCode.OK))["items"]!.AsArray().Single()!;
        duplicate["clientId"]!.GetValue<string>().Should().Be(withLead);
        (await ExpectJson(await beta.GetAsync("/api/v1/leads"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty("another organization's client gets no lead");

        var reasons = (await ReadTable(await alpha.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv)).Skip(1).Select(r => (r[^2], r[^1])).ToList();
        reasons.Should().Equal(
            ("3", $"clientId: No client has the id {betas}."),
            ("4", "clientId: Must be a client's id (a UUID)."),
            ("5", "clientId: Is required."),
            ("6", "responsibleUserId: Must be a user's id (a UUID) or empty."),
            ("7", $"responsibleUserId: The user {betaUser} cannot see such a record of this organization, so it cannot be given to them."),
            ("8", $"responsibleUserId: No active user has the id {nobody}."));
        (await ExpectJson(await beta.GetAsync("/api/v1/notifications"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty("nobody else is told about the refused rows");
    }

    [Fact]
    public async Task A_lead_import_stopped_half_way_resumes_after_the_last_committed_batch_without_doubles()
    {
        var lines = new List<string> { "fullName,phone,source,requestedAmount,product" };
        lines.AddRange(Enumerable.Range(1, 9).Select(i => $"Лид {i},+7918333000{i},partner,100000,auto"));
        lines.Add("Повтор первого,8 918 333-00-01,partner,200000,auto");
        lines.Add("Без суммы,+79183330099,partner,,auto");
        var location = await Queue(Http, Csv([.. lines]), "resume.csv", kind: "leads");

        // Two batches of two rows commit, then the instance "dies".
        var (halfWay, done) = await CrashHalfWayAndResumeAsync(
            location, async () => (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(4, "a batch's leads commit with its progress"));

        (Count(halfWay, "rowsRead"), Count(halfWay, "created")).Should().Be((4L, 4L));
        (Count(done, "rowsRead"), Count(done, "created"), Count(done, "duplicates"), Count(done, "rejected")).Should().Be((11L, 9L, 1L, 1L));
        (await Sql<long>("SELECT count(*) FROM leads")).Should().Be(10);
        (await Sql<long>("SELECT count(*) FROM clients WHERE phone LIKE '+791833300%'")).Should().Be(9);
        (await Sql<long>("SELECT count(*) FROM leads WHERE duplicate_of_lead_id IS NOT NULL")).Should().Be(1);
        (await Sql<long>("SELECT count(*) FROM lead_history WHERE field = 'duplicateOf'")).Should().Be(1);
    }

    [Fact]
    public async Task A_lead_export_imported_again_into_its_organization_is_the_same_leads_and_brings_back_deleted_ones()
    {
        var manager = await Server.UserIdAsync(TestActor.Employee);
        var first = await CreateClient("Экспортов Первый", email: "export1@example.ru");
        var second = await CreateClient("Экспортов Второй");
        var third = await CreateClient("Экспортов Третий");
        await ExpectJson(await Post("/api/v1/leads", new
        {
            clientId = Id(first), requestedAmount = 1_234_567.89m, product = "mortgage", comment = "С \"кавычками\", запятой;\nи второй строкой", responsibleUserId = manager,
        }), HttpStatusCode.Created);
        var repeat = await CreateLead(Id(first), 200_000m, "consumer");
        repeat["duplicateOf"].Should().NotBeNull();
        await CreateLead(Id(second), 300_000m, "auto", status: "in_progress");
        var approved = await CreateLead(Id(third), 400_000m, "business", status: "approved", comment: "=Одобрен+1");
        var before = await LeadsAsJson();
        var csv = await (await Http.GetAsync("/api/v1/leads/export?format=csv")).Content.ReadAsByteArrayAsync();
        var xlsx = await (await Http.GetAsync("/api/v1/leads/export?format=xlsx")).Content.ReadAsByteArrayAsync();
        var notifications = await Sql<long>("SELECT count(*) FROM notifications");

        foreach (var (file, name) in new[] { (csv, "leads.csv"), (xlsx, "leads.xlsx") })
        {
            var location = await Queue(Http, file, name, kind: "leads");
            await RunImportsAsync();
            var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
            (Count(operation, "rowsRead"), Count(operation, "created"), Count(operation, "duplicates"), Count(operation, "rejected"))
                .Should().Be((4L, 0L, 4L, 0L), "every row of {0} is a lead that is still there", name);
        }

        (await LeadsAsJson()).Should().Equal(before, "matched rows leave their leads as they are");
        (await Sql<long>("SELECT count(*) FROM notifications")).Should().Be(notifications);

        var stored = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(approved)}"), HttpStatusCode.OK);
        (await Send(HttpMethod.Delete, $"/api/v1/leads/{Id(approved)}", ifMatch: "\"1\"")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var again = await Queue(Http, xlsx, "leads.xlsx", kind: "leads");
        await RunImportsAsync();

        var counts = await ExpectJson(await Http.GetAsync(again), HttpStatusCode.OK);
        (Count(counts, "rowsRead"), Count(counts, "created"), Count(counts, "duplicates"), Count(counts, "rejected")).Should().Be((4L, 1L, 3L, 0L));
        var restored = (await ExpectJson(await Http.GetAsync($"/api/v1/leads?clientId={Id(third)}"), HttpStatusCode.OK))["items"]!.AsArray().Single()!.AsObject();
        Id(restored).Should().NotBe(Id(approved), "a deleted lead comes back as a new lead");
        string[] same = ["clientId", "organizationId", "requestedAmount", "product", "status", "comment", "responsibleUserId", "duplicateOf"];
        same.Select(p => restored[p]?.ToJsonString()).Should().Equal(same.Select(p => stored[p]?.ToJsonString()));
        (await LeadsAsJson()).Where(l => !l.Contains(Id(restored), StringComparison.Ordinal))
            .Should().Equal(before.Where(l => !l.Contains(Id(approved), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Importing_leads_needs_leads_write_and_an_api_client_imports_on_its_own_behalf()
    {
        var writer = $"writer-{Guid.NewGuid():N}";
        var clientsOnly = $"clients-only-{Guid.NewGuid():N}";
        await RegisterApiClient(writer, "writer-secret", TestActors.PartnerAlphaOrganization, [Permissions.ClientsWrite, Permissions.ClientsReadOwn, Permissions.LeadsWrite]);
        await RegisterApiClient(clientsOnly, "clients-secret", TestActors.PartnerAlphaOrganization, [Permissions.ClientsWrite, Permissions.ClientsReadOwn]);
        using var platform = Server.CreateHttpClient(await ClientCredentialsToken(writer, "writer-secret"));
        using var clientsPlatform = Server.CreateHttpClient(await ClientCredentialsToken(clientsOnly, "clients-secret"));
        var file = Csv("fullName,phone,source,requestedAmount,product", $"Площадкин,{UniquePhone()},partner,100000,auto");

        var refused = await ExpectProblem(await Upload(clientsPlatform, file, "leads.csv", kind: "leads"), HttpStatusCode.Forbidden, "forbidden");
        refused["detail"]!.GetValue<string>().Should().Contain("leads.write");
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await Upload(guest, file, "leads.csv", kind: "leads"), HttpStatusCode.Forbidden, "forbidden");
        (await Sql<long>("SELECT count(*) FROM import_operations")).Should().Be(0);

        var location = await Queue(platform, file, "leads.csv", kind: "leads");
        await RunImportsAsync();
        var operation = await ExpectJson(await platform.GetAsync(location), HttpStatusCode.OK);
        (Count(operation, "rowsRead"), Count(operation, "created")).Should().Be((1L, 1L), operation.ToJsonString());
        var client = (await ExpectJson(await platform.GetAsync("/api/v1/clients"), HttpStatusCode.OK))["items"]!.AsArray().Should().ContainSingle().Subject!;
        client["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        var timeline = (await ExpectJson(await Http.GetAsync($"/api/v1/leads/{await Sql<Guid>("SELECT id FROM leads")}/timeline"), HttpStatusCode.OK))["items"]!.AsArray();
        timeline.Should().NotBeEmpty().And.OnlyContain(i => i!["actor"]!["clientId"]!.GetValue<string>() == writer);
        (await Sql<long>("SELECT count(*) FROM notifications WHERE kind = 'lead_unassigned'"))
            .Should().Be(0, "an import's leads are not announced one by one, though nobody is responsible for them");

        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await ExpectProblem(await beta.GetAsync(location), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await beta.GetAsync($"{location}/rejected-rows"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_import_puts_leads_only_into_statuses_its_uploaders_role_may_set()
    {
        var platformId = $"platform-{Guid.NewGuid():N}";
        await RegisterApiClient(platformId, "platform-secret", TestActors.PartnerAlphaOrganization, [Permissions.ClientsWrite, Permissions.ClientsReadOwn, Permissions.LeadsWrite, Permissions.LeadsReadOwn]);
        using var platform = Server.CreateHttpClient(await ClientCredentialsToken(platformId, "platform-secret"));
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        foreach (var uploader in new[] { alpha, platform })
        {
            var file = Csv(
                "fullName,phone,source,requestedAmount,product,status",
                $"Выданный,{UniquePhone()},partner,100000,auto,issued",
                $"В работе,{UniquePhone()},partner,100000,auto,in_progress");

            var location = await Queue(uploader, file, "leads.csv", kind: "leads");
            await RunImportsAsync();

            var operation = await ExpectJson(await uploader.GetAsync(location), HttpStatusCode.OK);
            (Count(operation, "created"), Count(operation, "rejected")).Should().Be((1L, 1L), operation.ToJsonString());
            var reasons = (await ReadTable(await uploader.GetAsync($"{location}/rejected-rows"), ImportFileFormat.Csv)).Skip(1).Select(r => (r[^2], r[^1])).ToList();
            reasons.Should().ContainSingle().Which.Should().Be(("1", "lead_status_role_not_allowed: Only admin, employee may put a lead into status 'issued'."));
        }

        var statuses = (await ExpectJson(await alpha.GetAsync("/api/v1/leads"), HttpStatusCode.OK))["items"]!.AsArray().Select(l => l!["status"]!.GetValue<string>());
        statuses.Should().Equal("in_progress", "in_progress");
    }

    [Fact]
    public async Task A_lead_file_without_the_amount_product_or_client_columns_fails_with_a_reason()
    {
        var noClient = await Queue(Http, Csv("fullName,requestedAmount,product", "Без телефона,100000,auto"), "no-client.csv", kind: "leads");
        var noAmount = await Queue(Http, Csv("clientId,product", $"{Guid.CreateVersion7()},auto"), "no-amount.csv", kind: "leads");
        await RunImportsAsync();

        var failures = new List<string>();
        foreach (var location in new[] { noClient, noAmount })
        {
            var operation = await ExpectJson(await Http.GetAsync(location), HttpStatusCode.OK);
            operation["status"]!.GetValue<string>().Should().Be("failed");
            operation["failure"]!["code"]!.GetValue<string>().Should().Be(ImportRunner.FileInvalid);
            Count(operation, "rowsRead").Should().Be(0);
            failures.Add(operation["failure"]!["detail"]!.GetValue<string>());
        }

        failures[0].Should().StartWith("The header row lacks the column(s) clientId (or fullName, phone, source).");
        failures[1].Should().StartWith("The header row lacks the column(s) requestedAmount.");
    }

    private static StringContent JsonBody(object body) => new(Json(body), System.Text.Encoding.UTF8, "application/json");

    private async Task<string> ClientCredentialsToken(string clientId, string secret) =>
        (await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, secret))))["access_token"]!.GetValue<string>();

    /// <summary>Every lead head office sees, oldest first, as the API writes it.</summary>
    private async Task<List<string>> LeadsAsJson() =>
        (await ExpectJson(await Http.GetAsync("/api/v1/leads?limit=100&sort=createdAt"), HttpStatusCode.OK))["items"]!.AsArray().Select(l => l!.ToJsonString()).ToList();
}
