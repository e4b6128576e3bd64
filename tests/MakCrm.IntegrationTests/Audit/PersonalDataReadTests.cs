using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Auditing;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Audit;

public sealed class PersonalDataReadTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task Opening_a_client_or_lead_card_is_logged_with_who_and_how()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (client, lead) = await ClientAndLead(partner, "Чтецов Иван");
        await ExpectJson(await partner.GetAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.OK);
        await ExpectJson(await partner.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.OK);

        var clientReads = await Reads($"subjectId={Id(client)}");
        var read = clientReads.Should().ContainSingle().Subject;
        read["subjectType"]!.GetValue<string>().Should().Be("client");
        read["access"]!.GetValue<string>().Should().Be("card");
        read["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        read["actorUser"]!["id"]!.GetValue<string>().Should().Be(read["actorUserId"]!.GetValue<string>());
        read["traceId"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{32}$");
        var leadRead = (await Reads($"subjectType=lead&subjectId={Id(lead)}")).Should().ContainSingle().Subject;
        leadRead["access"]!.GetValue<string>().Should().Be("card");
        leadRead["actorUserId"]!.GetValue<string>().Should().Be(read["actorUserId"]!.GetValue<string>());
        (await Reads($"actorUserId={read["actorUserId"]}")).Should().HaveCount(2, "the partner read two cards");
    }

    [Fact]
    public async Task A_card_that_is_not_shown_is_not_logged()
    {
        var client = await CreateClient();
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        (await beta.GetAsync($"/api/v1/clients/{Id(client)}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        (await guest.GetAsync($"/api/v1/clients/{Id(client)}")).StatusCode.Should().Be(
            HttpStatusCode.Forbidden,
            "a guest sees no personal data at all"
        );
        (await guest.GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await Reads($"subjectId={Id(client)}")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_page_of_a_leads_timeline_is_a_read_of_the_leads_card()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (_, lead) = await ClientAndLead(partner, "Хроников Павел");
        await ExpectJson(await partner.GetAsync($"/api/v1/leads/{Id(lead)}/timeline"), HttpStatusCode.OK);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        (await beta.GetAsync($"/api/v1/leads/{Id(lead)}/timeline")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var read = (await Reads($"subjectType=lead&subjectId={Id(lead)}")).Should().ContainSingle().Subject;
        read["access"]!.GetValue<string>().Should().Be("card");
        read["organizationId"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
    }

    [Fact]
    public async Task A_list_page_logs_each_row_it_showed_and_nothing_else()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(Id(await CreateClient(fullName: $"Списков {i}")));
        }

        var page = await ExpectJson(await Http.GetAsync("/api/v1/clients?limit=2&sort=createdAt"), HttpStatusCode.OK);
        var shown = page["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        shown.Should().Equal(ids.Take(2));

        var reads = await Reads("access=list&subjectType=client");
        reads.Select(r => r["subjectId"]!.GetValue<string>()).Should().BeEquivalentTo(shown);
        reads.Select(r => r["traceId"]!.GetValue<string>()).Distinct().Should().ContainSingle("one request");
        (await Reads($"subjectId={ids[2]}")).Should().BeEmpty("the third client was on no page");
    }

    [Fact]
    public async Task A_feed_page_logs_each_client_and_lead_whose_event_it_carried()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var (client, lead) = await ClientAndLead(partner, "Лентова Анна");
        var carried = await Events.EventFeedReading.EventsOf(partner, Id(client), 1);
        carried.Single()["type"]!.GetValue<string>().Should().Be("client.created");
        async Task<bool> LeadCarried() =>
            (await Events.EventFeedReading.ReadAll(partner)).Any(e => e["resourceId"]!.GetValue<string>() == Id(lead));
        for (var waited = 0; !await LeadCarried(); waited += 50)
        {
            waited.Should().BeLessThan(10_000, "the lead's event reaches the feed");
            await Task.Delay(50);
        }

        var reads = await Reads($"access=feed&subjectId={Id(client)}");
        reads.Should().NotBeEmpty("every feed page that carried the client's event is a read of it");
        reads.Should().OnlyContain(r => r["subjectType"]!.GetValue<string>() == "client"
            && r["organizationId"]!.GetValue<string>() == TestActors.PartnerAlphaOrganization.ToString());
        (await Reads($"access=feed&subjectType=lead&subjectId={Id(lead)}")).Should().NotBeEmpty();

        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        await Events.EventFeedReading.ReadAll(beta);
        (await Reads($"access=feed&subjectId={Id(client)}")).Should()
            .HaveCount(reads.Count, "another partner's feed does not carry the client, so it read nothing of it");
    }

    [Fact]
    public async Task An_export_logs_every_row_the_file_held()
    {
        var city = $"Экспортов-{Guid.NewGuid():N}"[..20];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(Id(await CreateClient(city: city)));
        }

        var response = await Http.GetAsync($"/api/v1/clients/export?format=csv&city={Uri.EscapeDataString(city)}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await response.Content.ReadAsStringAsync();

        var reads = await Reads("access=export");
        reads.Select(r => r["subjectId"]!.GetValue<string>()).Should().BeEquivalentTo(ids);
        reads.Should().OnlyContain(r => r["subjectType"]!.GetValue<string>() == "client");
    }

    [Fact]
    public async Task A_report_showing_clients_names_logs_each_client_its_rows_showed_and_a_count_logs_none()
    {
        var city = $"Отчётов-{Guid.NewGuid():N}"[..20];
        var shown = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var client = Id(await CreateClient(fullName: $"Отчётов {i}", city: city));
            await CreateLead(client);
            await CreateLead(client);
            shown.Add(client);
        }

        var elsewhere = Id(await CreateClient(fullName: "Отчётов Иной", city: "Тверь"));
        await CreateLead(elsewhere);
        object Query(string dimension) =>
            new
            {
                dataset = "leads",
                dimensions = new[] { new { field = dimension } },
                measures = new[] { new { op = "count", @as = "leads" } },
                filter = new { field = "clientCity", @operator = "eq", values = new[] { city } },
            };
        async Task<List<string>> ReportReads() =>
            [.. (await Reads("access=report")).Select(r => r["subjectId"]!.GetValue<string>())];

        var byCity = await ExpectJson(await Post("/api/v1/reports/query", Query("clientCity")), HttpStatusCode.OK);
        byCity["rows"]!.AsArray().Should().ContainSingle();
        (await ReportReads()).Should().NotContain(shown, "a city is not a client's name, phone or e-mail");

        var byName = await ExpectJson(await Post("/api/v1/reports/query", Query("clientName")), HttpStatusCode.OK);
        byName["rows"]!.AsArray().Select(r => r!["clientName"]!.GetValue<string>()).Should()
            .BeEquivalentTo(["Отчётов 0", "Отчётов 1"]);
        byName["rows"]!.AsArray().Should().OnlyContain(r => r!.AsObject().Count == 2, "no column of ids is added");
        var reads = await ReportReads();
        reads.Where(shown.Contains).Should().BeEquivalentTo(shown, "one line for each client shown, once");
        reads.Should().NotContain(elsewhere);
        var line = (await Reads($"subjectId={shown[0]}&access=report")).Should().ContainSingle().Subject;
        line["subjectType"]!.GetValue<string>().Should().Be("client");

        var file = await Http.PostAsync("/api/v1/reports/query/export?format=csv", Body(Query("clientName")));
        file.StatusCode.Should().Be(HttpStatusCode.OK);
        var lines = (await file.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(3, "a header and the two clients' rows");
        lines.Skip(1).Should().OnlyContain(l => l.Split(',').Length == 2, "the clients' ids are not in the file");
        (await ReportReads()).Where(shown.Contains).Should().HaveCount(4, "the export read each client again");

        var fields = await ExpectJson(await Http.GetAsync("/api/v1/reports/fields"), HttpStatusCode.OK);
        var leadFields = fields["datasets"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "leads")!
            ["fields"]!.AsArray();
        leadFields.Where(f => f!["personal"]!.GetValue<bool>()).Select(f => f!["key"]!.GetValue<string>())
            .Should().BeEquivalentTo(["clientName", "clientPhone", "clientEmail"]);
    }

    [Fact]
    public async Task The_log_pages_filters_by_time_and_refuses_bad_filters()
    {
        var client = await CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await ExpectJson(await Http.GetAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.OK);
        }

        (await ListAllIds($"/api/v1/personal-data/reads?subjectId={Id(client)}", 2)).Should()
            .HaveCount(3).And.OnlyHaveUniqueItems();
        var later = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        (await Reads($"from={later}")).Should().BeEmpty();
        var earlier = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"));
        await ExpectProblem(
            await Http.GetAsync($"/api/v1/personal-data/reads?from={later}&to={earlier}"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Http.GetAsync("/api/v1/personal-data/reads?subjectType=deal"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        await ExpectProblem(
            await Http.GetAsync("/api/v1/personal-data/reads?access=peek"),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
        using var employee = await Server.CreateHttpClientAsync(TestActor.Employee);
        await ExpectProblem(
            await employee.GetAsync("/api/v1/personal-data/reads"),
            HttpStatusCode.Forbidden,
            "forbidden"
        );
    }

    [Fact]
    public async Task Reads_older_than_the_retention_are_purged_and_younger_ones_kept()
    {
        var client = await CreateClient();
        await ExpectJson(await Http.GetAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.OK);
        await using var dataSource = NpgsqlDataSource.Create(Server.ConnectionString);
        await using (var age = dataSource.CreateCommand(
            "UPDATE personal_data_reads SET occurred_at = now() - interval '400 days'"
        ))
        {
            await age.ExecuteNonQueryAsync();
        }

        await ExpectJson(await Http.GetAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.OK);

        var retention = new PersonalDataReadRetention(dataSource);
        (await retention.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-365), 1, default)).Should().Be(1);
        (await retention.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-365), 1, default)).Should().Be(0);
        (await Reads($"subjectId={Id(client)}")).Should().ContainSingle("the younger read is kept");
    }

    private static async Task<(JsonObject Client, JsonObject Lead)> ClientAndLead(HttpClient http, string fullName)
    {
        var client = await ExpectJson(
            await http.PostAsync("/api/v1/clients", Body(new { fullName, phone = UniquePhone(), source = "partner" })),
            HttpStatusCode.Created
        );
        var lead = await ExpectJson(
            await http.PostAsync(
                "/api/v1/leads",
                Body(new { clientId = Id(client), requestedAmount = 500000, product = "consumer" })
            ),
            HttpStatusCode.Created
        );
        return (client, lead);
    }

    private async Task<List<JsonNode>> Reads(string query)
    {
        var page = await ExpectJson(
            await Http.GetAsync($"/api/v1/personal-data/reads?{query}&limit=200"),
            HttpStatusCode.OK
        );
        return page["items"]!.AsArray().Select(e => e!).ToList();
    }
}
