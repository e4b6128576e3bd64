using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Leads;

/// <summary>
/// What integrations read: catching up by <c>updatedFrom</c> sorted by <c>updatedAt</c>, the version on list rows, the
/// client summary on lead and deal rows, and the duplicate check before creating a lead.
/// </summary>
public sealed class IntegrationListsTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task Catching_up_by_updatedFrom_sorted_by_updatedAt_loses_nothing_when_a_lead_changes_between_pages()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var leads = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            leads.Add(Id(await CreateLead(Id(await CreateClient()))));
        }

        var url = $"/api/v1/leads?sort=updatedAt&updatedFrom={Uri.EscapeDataString(from.ToString("O"))}&limit=2";
        var first = await ExpectJson(await Http.GetAsync(url), HttpStatusCode.OK);
        var seen = first["items"]!.AsArray().Select(l => l!.AsObject()).ToList();
        seen.Select(Id).Should().Equal(leads.Take(2), "the oldest change comes first");

        // The first lead changes after its page was read, with the version its row carried: it moves to the end.
        var changed = seen[0];
        var patched = await Patch($"/api/v1/leads/{Id(changed)}", new { comment = "Изменён между страницами" }, $"\"{changed["version"]}\"");
        await ExpectJson(patched, HttpStatusCode.OK);

        var cursor = first["nextCursor"]!.GetValue<string>();
        while (true)
        {
            var page = await ExpectJson(await Http.GetAsync($"{url}&cursor={Uri.EscapeDataString(cursor)}"), HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(l => l!.AsObject()));
            if (page["nextCursor"] is not JsonValue next)
            {
                break;
            }

            cursor = next.GetValue<string>();
        }

        seen.Select(Id).Should().Equal([.. leads, Id(changed)], "every lead once, and the changed one again at the end");
        seen[^1]["version"]!.GetValue<int>().Should().Be(2);
        seen[^1]["comment"]!.GetValue<string>().Should().Be("Изменён между страницами");
        var updatedAt = seen.Select(l => l["updatedAt"]!.GetValue<DateTimeOffset>()).ToList();
        updatedAt.Should().BeInAscendingOrder();

        // The next run starts from the last change seen: only that lead.
        var again = await ListAllIds($"/api/v1/leads?sort=updatedAt&updatedFrom={Uri.EscapeDataString(updatedAt[^1].ToString("O"))}", 10);
        again.Should().Equal(Id(changed));
        var before = await ListAllIds($"/api/v1/leads?sort=-updatedAt&updatedTo={Uri.EscapeDataString(updatedAt[^1].ToString("O"))}", 10);
        before.Should().BeEquivalentTo(leads.Skip(1));
    }

    [Fact]
    public async Task Clients_and_deals_catch_up_the_same_way()
    {
        var client = await CreateClient();
        var other = await CreateClient();
        var deal = await ExpectJson(await Post("/api/v1/deals", new { clientId = Id(client), title = "Ипотека", amount = 1_000_000, product = "mortgage" }), HttpStatusCode.Created);
        await ExpectJson(await Post("/api/v1/deals", new { clientId = Id(other), title = "Автокредит", amount = 500_000, product = "auto" }), HttpStatusCode.Created);
        var mark = DateTimeOffset.UtcNow;
        await Task.Delay(20);

        await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { city = "Тверь" }, $"\"{client["version"]}\""), HttpStatusCode.OK);
        await ExpectJson(await Patch($"/api/v1/deals/{Id(deal)}", new { bank = "Сбербанк" }, $"\"{deal["version"]}\""), HttpStatusCode.OK);

        var since = Uri.EscapeDataString(mark.ToString("O"));
        (await ListAllIds($"/api/v1/clients?sort=updatedAt&updatedFrom={since}", 1)).Should().Equal(Id(client));
        (await ListAllIds($"/api/v1/deals?sort=updatedAt&updatedFrom={since}", 1)).Should().Equal(Id(deal));
        (await ListAllIds($"/api/v1/deals?sort=updatedAt&updatedTo={since}", 1)).Should().HaveCount(1).And.NotContain(Id(deal));
    }

    [Theory]
    [InlineData("leads", "updatedFrom=yesterday", "updatedFrom")]
    [InlineData("clients", "updatedTo=2026-13-01", "updatedTo")]
    [InlineData("deals", "updatedFrom=soon", "updatedFrom")]
    [InlineData("leads", "updatedFrom=2026-02-01T00:00:00Z&updatedTo=2026-01-01T00:00:00Z", "updatedTo")]
    [InlineData("clients", "updatedFrom=2026-02-01T00:00:00Z&updatedTo=2026-02-01T00:00:00Z", "updatedTo")]
    [InlineData("deals", "updatedFrom=2026-02-01T00:00:00Z&updatedTo=2026-01-01T00:00:00Z", "updatedTo")]
    public async Task Bad_update_times_are_field_errors(string list, string query, string field)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/{list}?{query}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_version_on_a_list_row_is_the_ETag_of_the_resource_so_an_edit_needs_no_read_first()
    {
        var client = await CreateClient();
        var lead = await CreateLead(Id(client));
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { comment = "Вторая версия" }, "\"1\""), HttpStatusCode.OK);
        var deal = await ExpectJson(await Post("/api/v1/deals", new { clientId = Id(client), title = "Сделка", amount = 700_000, product = "consumer" }), HttpStatusCode.Created);
        var task = await ExpectJson(
            await Post("/api/v1/tasks", new { subjectType = "client", subjectId = Id(client), title = "Позвонить", dueAt = DateTimeOffset.UtcNow.AddDays(1) }), HttpStatusCode.Created);

        foreach (var (list, id) in new[] { ("clients", Id(client)), ("leads", Id(lead)), ("deals", Id(deal)), ("tasks", Id(task)) })
        {
            var row = (await ExpectJson(await Http.GetAsync($"/api/v1/{list}"), HttpStatusCode.OK))["items"]!.AsArray().Single(r => Id(r!.AsObject()) == id)!;
            var read = await Http.GetAsync($"/api/v1/{list}/{id}");
            $"\"{row["version"]!.GetValue<int>()}\"".Should().Be(ETagOf(read), "the {0} row carries its ETag", list);
            (await ExpectJson(read, HttpStatusCode.OK))["version"]!.GetValue<int>().Should().Be(row["version"]!.GetValue<int>());
        }

        var organization = (await ExpectJson(await Http.GetAsync("/api/v1/organizations"), HttpStatusCode.OK))["items"]!.AsArray()
            .Single(o => o!["id"]!.GetValue<string>() == TestActors.PartnerAlphaOrganization.ToString())!;
        ETagOf(await Http.GetAsync($"/api/v1/organizations/{organization["id"]}")).Should().Be($"\"{organization["version"]}\"");

        var source = (await ExpectJson(await Http.GetAsync("/api/v1/client-sources"), HttpStatusCode.OK))["items"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == "external")!;
        var renamed = await Patch("/api/v1/client-sources/external", new { name = "Площадки" }, $"\"{source["version"]}\"");
        ETagOf(renamed).Should().Be($"\"{source["version"]!.GetValue<int>() + 1}\"");
    }

    [Fact]
    public async Task Lead_and_deal_rows_carry_their_clients_name_and_phone_for_every_row()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var clients = new List<JsonObject>();
        for (var i = 0; i < 4; i++)
        {
            var client = await ExpectJson(
                await alpha.PostAsync("/api/v1/clients", Body(new { fullName = $"Клиент {i}", phone = UniquePhone(), source = "partner" })), HttpStatusCode.Created);
            clients.Add(client);
            await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 100_000 + i, product = "consumer" })), HttpStatusCode.Created);
            await ExpectJson(
                await alpha.PostAsync("/api/v1/deals", Body(new { clientId = Id(client), title = $"Сделка {i}", amount = 200_000 + i, product = "consumer" })), HttpStatusCode.Created);
        }

        var expected = clients.ToDictionary(Id, c => (Name: c["fullName"]!.GetValue<string>(), Phone: c["phone"]!.GetValue<string>()));
        foreach (var http in new[] { alpha, Http })
        {
            foreach (var list in new[] { "leads", "deals" })
            {
                var rows = (await ExpectJson(await http.GetAsync($"/api/v1/{list}?limit=50"), HttpStatusCode.OK))["items"]!.AsArray().Select(r => r!.AsObject()).ToList();
                rows.Should().HaveCount(4);
                foreach (var row in rows)
                {
                    var summary = row["client"]!.AsObject();
                    summary["id"]!.GetValue<string>().Should().Be(row["clientId"]!.GetValue<string>(), "clientId stays for compatibility");
                    (summary["name"]!.GetValue<string>(), summary["phone"]!.GetValue<string>()).Should().Be(expected[row["clientId"]!.GetValue<string>()]);
                }

                var single = await ExpectJson(await http.GetAsync($"/api/v1/{list}/{Id(rows[0])}"), HttpStatusCode.OK);
                single["client"]!.ToJsonString().Should().Be(rows[0]["client"]!.ToJsonString());
            }
        }

        // The answer of a change carries it too.
        var lead = (await ExpectJson(await alpha.GetAsync("/api/v1/leads"), HttpStatusCode.OK))["items"]![0]!.AsObject();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/leads/{Id(lead)}") { Content = Body(new { comment = "Перезвонить" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", $"\"{lead["version"]}\"");
        (await ExpectJson(await alpha.SendAsync(patch), HttpStatusCode.OK))["client"]!.ToJsonString().Should().Be(lead["client"]!.ToJsonString());
    }

    [Fact]
    public async Task A_duplicate_check_names_the_callers_own_open_leads_and_only_mentions_another_organizations()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        var phone = UniquePhone();
        var client = await ExpectJson(
            await alpha.PostAsync("/api/v1/clients", Body(new { fullName = "Пётр Петров", phone, email = "petr@example.ru", source = "partner" })), HttpStatusCode.Created);
        var lead = await ExpectJson(await alpha.PostAsync("/api/v1/leads", Body(new { clientId = Id(client), requestedAmount = 300_000, product = "auto" })), HttpStatusCode.Created);
        var otherSpelling = "8 (" + phone[2..5] + ") " + phone[5..8] + "-" + phone[8..10] + "-" + phone[10..];

        var own = await ExpectJson(await alpha.PostAsync("/api/v1/duplicate-checks", Body(new { phone = otherSpelling })), HttpStatusCode.OK);
        own["exists"]!.GetValue<bool>().Should().BeTrue();
        own["elsewhere"]!.GetValue<bool>().Should().BeFalse();
        var found = own["leads"]!.AsArray().Single()!.AsObject();
        Id(found).Should().Be(Id(lead));
        found["status"]!.GetValue<string>().Should().Be("new");
        found["createdAt"]!.GetValue<DateTimeOffset>().Should().Be(lead["createdAt"]!.GetValue<DateTimeOffset>());
        found["matchedBy"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("phone");

        var byEmail = await ExpectJson(await alpha.PostAsync("/api/v1/duplicate-checks", Body(new { email = "  Petr@Example.RU " })), HttpStatusCode.OK);
        byEmail["leads"]![0]!["matchedBy"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("email");

        var both = await ExpectJson(await alpha.PostAsync("/api/v1/duplicate-checks", Body(new { phone, email = "petr@example.ru" })), HttpStatusCode.OK);
        both["leads"]![0]!["matchedBy"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("phone", "email");

        var other = await beta.PostAsync("/api/v1/duplicate-checks", Body(new { phone }));
        var otherText = await other.Content.ReadAsStringAsync();
        var elsewhere = await ExpectJson(other, HttpStatusCode.OK);
        elsewhere["exists"]!.GetValue<bool>().Should().BeTrue();
        elsewhere["elsewhere"]!.GetValue<bool>().Should().BeTrue();
        elsewhere["leads"]!.AsArray().Should().BeEmpty();
        otherText.Should().NotContain(Id(lead)).And.NotContain("Петров");

        var headOffice = await ExpectJson(await Post("/api/v1/duplicate-checks", new { phone }), HttpStatusCode.OK);
        headOffice["leads"]!.AsArray().Select(l => Id(l!.AsObject())).Should().Equal([Id(lead)], "head office reads every organization's leads");
        headOffice["elsewhere"]!.GetValue<bool>().Should().BeFalse();

        var none = await ExpectJson(await alpha.PostAsync("/api/v1/duplicate-checks", Body(new { phone = UniquePhone(), email = "nobody@example.ru" })), HttpStatusCode.OK);
        none["exists"]!.GetValue<bool>().Should().BeFalse();
        none["elsewhere"]!.GetValue<bool>().Should().BeFalse();
        none["leads"]!.AsArray().Should().BeEmpty();

        // A lead that is no longer open is no duplicate; the check created nothing.
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/leads/{Id(lead)}") { Content = Body(new { status = "rejected" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await ExpectJson(await alpha.SendAsync(patch), HttpStatusCode.OK);
        (await ExpectJson(await alpha.PostAsync("/api/v1/duplicate-checks", Body(new { phone })), HttpStatusCode.OK))["exists"]!.GetValue<bool>().Should().BeFalse();
        (await ListAllIds("/api/v1/leads", 50)).Should().Equal(Id(lead));
    }

    [Theory]
    [InlineData("{}", "phone")]
    [InlineData("""{"phone":null,"email":"  "}""", "phone")]
    [InlineData("""{"phone":"not a phone"}""", "phone")]
    [InlineData("""{"email":"not an e-mail"}""", "email")]
    [InlineData("""{"phone":"+79991234567","name":"Пётр"}""", "name")]
    [InlineData("""{"phone":79991234567}""", "phone")]
    public async Task A_duplicate_check_without_a_valid_contact_is_a_field_error(string body, string field)
    {
        var problem = await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/duplicate-checks", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_duplicate_check_needs_a_caller_who_may_create_leads()
    {
        using var anonymous = Server.CreateHttpClient();
        await ExpectProblem(await anonymous.PostAsync("/api/v1/duplicate-checks", Body(new { phone = UniquePhone() })), HttpStatusCode.Unauthorized, "unauthorized");
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.PostAsync("/api/v1/duplicate-checks", Body(new { phone = UniquePhone() })), HttpStatusCode.Forbidden, "forbidden");
        await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/duplicate-checks", "{\"phone\":\"+79991234567\"}", "text/plain"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }
}
