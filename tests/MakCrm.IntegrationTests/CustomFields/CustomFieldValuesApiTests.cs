using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.Infrastructure.Transfer;
using MakCrm.IntegrationTests.Events;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.CustomFields;

/// <summary>Custom field values on clients, leads and deals: checked against the definitions, stored in their type's
/// form, answered and sent in events as far as the reader sees them, and filtered by in the lists.</summary>
public sealed class CustomFieldValuesApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string Definitions = "/api/v1/custom-field-definitions";

    private async Task<JsonObject> CreateClientWith(string customFields, HttpClient? http = null)
    {
        var body = $$"""
            {"fullName":"Петров Пётр","phone":"{{UniquePhone()}}","source":"partner","customFields":{{customFields}}}
            """;
        var response = await (http ?? Http).PostAsync("/api/v1/clients", Body(body));
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    private static string LeadBody(string clientId, string customFields) =>
        $$"""
        {"clientId":"{{clientId}}","requestedAmount":1000000,"product":"mortgage","customFields":{{customFields}}}
        """;

    private async Task<JsonObject> CreateLeadWith(string clientId, string customFields, HttpClient? http = null)
    {
        var response = await (http ?? Http).PostAsync("/api/v1/leads", Body(LeadBody(clientId, customFields)));
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    /// <summary>A lead field for everyone, one for head office's kind and one for the admin role; and a client of
    /// the partner's.</summary>
    private async Task<JsonObject> DefineRestrictedLeadFieldsAndAPartnersClient(HttpClient partner)
    {
        await Define("lead", "purpose", "text");
        await Define("lead", "internal_score", "number", new { visibleToKinds = new[] { "head_office" } });
        await Define("lead", "manager_note", "text", new { visibleToRoles = new[] { "admin" } });
        var body = Body(new { fullName = "Сидоров", phone = UniquePhone(), source = "partner" });
        return await ExpectJson(await partner.PostAsync("/api/v1/clients", body), HttpStatusCode.Created);
    }

    private static string Values(JsonObject resource) => resource["customFields"]!.ToJsonString();

    private static void ShouldHaveValues(JsonNode? resource, string expected) =>
        JsonNode.DeepEquals(resource!["customFields"], JsonNode.Parse(expected)).Should()
            .BeTrue("the values were {0}", resource!["customFields"]?.ToJsonString());

    private static async Task<JsonObject> Read(HttpClient http, string url) =>
        await ExpectJson(await http.GetAsync(url), HttpStatusCode.OK);

    private async Task<List<string>> IdsOf(string url) =>
        [.. (await Read(Http, url))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];

    [Fact]
    public async Task Values_of_every_type_are_stored_in_their_form_and_answered_on_create_read_and_list()
    {
        await DefineEveryType("client");
        var client = await CreateClientWith("""
            {"note":"  Звонить после 18:00 ","income":120000.5,"fee":1500.50,"signed_on":"2026-11-26",
             "purpose":"home","docs":["inn","passport"],"vip":true,"spouse_phone":"8 (999) 765-43-21",
             "work_email":"Ivan@Example.RU"}
            """);

        var expected = JsonNode.Parse("""
            {"note":"Звонить после 18:00","income":120000.5,"fee":1500.50,"signed_on":"2026-11-26","purpose":"home",
             "docs":["passport","inn"],"vip":true,"spouse_phone":"+79997654321","work_email":"ivan@example.ru"}
            """)!;
        JsonNode.DeepEquals(client["customFields"], expected).Should().BeTrue(Values(client));
        var read = await Read(Http, $"/api/v1/clients/{Id(client)}");
        JsonNode.DeepEquals(read["customFields"], expected).Should().BeTrue(Values(read));
        var listed = (await Read(Http, "/api/v1/clients"))["items"]!.AsArray().Single()!;
        JsonNode.DeepEquals(listed["customFields"], expected).Should().BeTrue();

        var plain = await CreateClient();
        plain["customFields"]!.AsObject().Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{"note":""}""", "note")]
    [InlineData("""{"note":5}""", "note")]
    [InlineData("""{"income":"120000"}""", "income")]
    [InlineData("""{"fee":-1}""", "fee")]
    [InlineData("""{"fee":10.005}""", "fee")]
    [InlineData("""{"signed_on":"26.11.2026"}""", "signed_on")]
    [InlineData("""{"purpose":"boat"}""", "purpose")]
    [InlineData("""{"docs":"passport"}""", "docs")]
    [InlineData("""{"docs":[]}""", "docs")]
    [InlineData("""{"docs":["passport","passport"]}""", "docs")]
    [InlineData("""{"docs":["visa"]}""", "docs")]
    [InlineData("""{"vip":"yes"}""", "vip")]
    [InlineData("""{"spouse_phone":"12"}""", "spouse_phone")]
    [InlineData("""{"work_email":"not-an-email"}""", "work_email")]
    public async Task A_value_of_the_wrong_form_is_a_field_error_and_nothing_is_written(string values, string key)
    {
        await DefineEveryType("lead");
        var client = await CreateClient();

        var response = await Post("/api/v1/leads", LeadBody(Id(client), values));
        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, $"customFields.{key}").Should().ContainSingle();
        (await IdsOf("/api/v1/leads")).Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_keys_required_fields_and_archived_fields_are_refused()
    {
        await Define("lead", "purpose", "select", new { options = new[] { "home", "car" }, required = true });
        var archived = await Define("lead", "old_code", "text");
        var client = await CreateClient();

        var unknown = await ExpectProblem(
            await Post("/api/v1/leads", LeadBody(Id(client), """{"purpose":"home","colour":"red"}""")),
            HttpStatusCode.BadRequest, "custom_field_unknown");
        FieldErrors(unknown, "customFields.colour").Single().Should().Contain("custom-field-definitions?entity=lead");
        var missing = await ExpectProblem(
            await Post("/api/v1/leads", LeadBody(Id(client), "{}")),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(missing, "customFields.purpose").Should().Equal("Is required.");

        var lead = await CreateLeadWith(Id(client), """{"purpose":"home","old_code":"A-1"}""");
        await ExpectJson(await Patch($"{Definitions}/{Id(archived)}", new { archived = true }, "*"), HttpStatusCode.OK);
        var url = $"/api/v1/leads/{Id(lead)}";

        var removed = await ExpectProblem(
            await Patch(url, JsonNode.Parse("""{"customFields":{"purpose":null}}""")!, "*"),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(removed, "customFields.purpose").Should().Equal("Is required; it cannot be removed.");
        var renewed = await ExpectProblem(
            await Patch(url, JsonNode.Parse("""{"customFields":{"old_code":"B-2"}}""")!, "*"),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(renewed, "customFields.old_code").Should().Equal("The field is archived: it takes no new values.");

        // The values read back may be sent back as they are: an archived field keeps its value and shows it.
        var resent = await ExpectJson(
            await Patch(url, new JsonObject { ["customFields"] = lead["customFields"]!.DeepClone() }, "\"1\""),
            HttpStatusCode.OK);
        resent["version"]!.GetValue<int>().Should().Be(1);
        JsonNode.DeepEquals(resent["customFields"], JsonNode.Parse("""{"purpose":"home","old_code":"A-1"}"""))
            .Should().BeTrue(Values(resent));
    }

    [Fact]
    public async Task A_lead_submission_takes_the_leads_values_and_a_refused_one_writes_no_client()
    {
        await Define("lead", "purpose", "select", new { options = new[] { "home", "car" }, required = true });
        var phone = UniquePhone();
        string Submission(string customFields) => $$"""
            {"fullName":"Орлова Ольга","phone":"{{phone}}","source":"partner","customFields":{{customFields}}}
            """;

        var unknown = await ExpectProblem(
            await Post("/api/v1/lead-submissions", Submission("""{"purpose":"home","colour":"red"}""")),
            HttpStatusCode.BadRequest, "custom_field_unknown");
        FieldErrors(unknown, "customFields.colour").Should().NotBeEmpty();
        var missing = await ExpectProblem(
            await Post("/api/v1/lead-submissions", Submission("{}")),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(missing, "customFields.purpose").Should().Equal("Is required.");
        (await IdsOf($"/api/v1/clients?q={Uri.EscapeDataString(phone)}")).Should().BeEmpty("nothing was written");

        var submitted = await ExpectJson(
            await Post("/api/v1/lead-submissions", Submission("""{"purpose":"car"}""")),
            HttpStatusCode.Created);
        ShouldHaveValues(submitted["lead"], """{"purpose":"car"}""");
        ShouldHaveValues(await Read(Http, $"/api/v1/leads/{submitted["lead"]!["id"]!.GetValue<string>()}"),
            """{"purpose":"car"}""");

        var batch = await ExpectJson(
            await Post("/api/v1/lead-submissions/batch", $"{{\"items\":[{Submission("""{"purpose":"home"}""")}]}}"),
            (HttpStatusCode)207);
        ShouldHaveValues(batch["items"]![0]!["submission"]!["lead"], """{"purpose":"home"}""");
    }

    [Fact]
    public async Task A_patch_merges_values_key_by_key_and_moves_the_version_only_on_a_change()
    {
        await Define("deal", "bank_branch", "text");
        await Define("deal", "rate", "number");
        await Define("deal", "insured", "boolean");
        var client = await CreateClient();
        var created = await ExpectJson(await Post("/api/v1/deals", JsonNode.Parse($$$"""
            {"clientId":"{{{Id(client)}}}","title":"Ипотека","amount":5000000,"product":"mortgage",
             "customFields":{"bank_branch":"Тверская","rate":12.5}}
            """)!), HttpStatusCode.Created);
        var url = $"/api/v1/deals/{Id(created)}";

        var changed = await ExpectJson(
            await Patch(url, JsonNode.Parse("""{"customFields":{"rate":11.9,"insured":false}}""")!, "\"1\""),
            HttpStatusCode.OK);
        JsonNode.DeepEquals(changed["customFields"],
            JsonNode.Parse("""{"bank_branch":"Тверская","rate":11.9,"insured":false}""")).Should()
            .BeTrue(Values(changed));
        changed["version"]!.GetValue<int>().Should().Be(2);

        var same = await ExpectJson(await Patch(url, JsonNode.Parse("""{"customFields":{"rate":11.90}}""")!, "\"2\""),
            HttpStatusCode.OK);
        same["version"]!.GetValue<int>().Should().Be(2);

        var cleared = await ExpectJson(
            await Patch(url, JsonNode.Parse("""{"customFields":{"bank_branch":null},"title":"Ипотека 2"}""")!, "\"2\""),
            HttpStatusCode.OK);
        JsonNode.DeepEquals(cleared["customFields"], JsonNode.Parse("""{"rate":11.9,"insured":false}""")).Should()
            .BeTrue(Values(cleared));
        cleared["version"]!.GetValue<int>().Should().Be(3);
        await ExpectProblem(await Patch(url, JsonNode.Parse("""{"customFields":{"nope":1}}""")!, "\"3\""),
            HttpStatusCode.BadRequest, "custom_field_unknown");
    }

    [Fact]
    public async Task Lists_filter_by_values_of_each_kind_and_refuse_unknown_keys_and_malformed_filters()
    {
        await Define("lead", "purpose", "select", new { options = new[] { "home", "car" } });
        await Define("lead", "docs", "multiselect", new { options = new[] { "passport", "snils" } });
        await Define("lead", "income", "number");
        await Define("lead", "vip", "boolean");
        await Define("lead", "signed_on", "date");
        var client = Id(await CreateClient());
        var home = Id(await CreateLeadWith(client,
            """{"purpose":"home","docs":["passport","snils"],"income":100000,"vip":true,"signed_on":"2026-01-15"}"""));
        var car = Id(await CreateLeadWith(client, """{"purpose":"car","docs":["snils"],"income":100000.0}"""));
        var none = Id(await CreateLeadWith(client, "{}"));

        (await IdsOf("/api/v1/leads?cf=purpose:home")).Should().Equal(home);
        (await IdsOf("/api/v1/leads?cf=docs:snils")).Should().BeEquivalentTo([home, car]);
        (await IdsOf("/api/v1/leads?cf=income:100000")).Should().BeEquivalentTo([home, car]);
        (await IdsOf("/api/v1/leads?cf=income:100000&cf=docs:passport")).Should().Equal(home);
        (await IdsOf("/api/v1/leads?cf=vip:true")).Should().Equal(home);
        (await IdsOf("/api/v1/leads?cf=signed_on:2026-01-15&sort=createdAt")).Should().Equal(home);
        (await IdsOf("/api/v1/leads?cf=docs:passport&cf=purpose:car")).Should().BeEmpty();
        (await IdsOf("/api/v1/leads")).Should().Contain(none);

        FieldErrors(await ExpectProblem(await Http.GetAsync("/api/v1/leads?cf=colour:red"), HttpStatusCode.BadRequest,
            "custom_field_unknown"), "cf").Should().ContainSingle();
        foreach (var malformed in new[]
                 { "purpose", ":home", "purpose:boat", "docs:visa", "income:many", "vip:yes", "signed_on:15.01.2026" })
        {
            var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/leads?cf={malformed}"),
                HttpStatusCode.BadRequest, "validation_failed");
            FieldErrors(problem, "cf").Should().ContainSingle(malformed);
        }

        var tooMany = string.Join("&", Enumerable.Repeat("cf=vip:true", 11));
        await ExpectProblem(await Http.GetAsync($"/api/v1/leads?{tooMany}"), HttpStatusCode.BadRequest,
            "validation_failed");
    }

    [Fact]
    public async Task Client_and_deal_lists_filter_by_their_own_fields()
    {
        await Define("client", "segment", "select", new { options = new[] { "retail", "business" } });
        await Define("deal", "segment", "select", new { options = new[] { "retail", "business" } });
        var business = await CreateClientWith("""{"segment":"business"}""");
        await CreateClientWith("""{"segment":"retail"}""");
        var deal = await ExpectJson(await Post("/api/v1/deals", JsonNode.Parse($$$"""
            {"clientId":"{{{Id(business)}}}","title":"Кредит","amount":100000,"product":"mortgage",
             "customFields":{"segment":"retail"}}
            """)!), HttpStatusCode.Created);

        (await IdsOf("/api/v1/clients?cf=segment:business")).Should().Equal(Id(business));
        (await IdsOf("/api/v1/deals?cf=segment:retail")).Should().Equal(Id(deal));
        (await IdsOf("/api/v1/deals?cf=segment:business")).Should().BeEmpty();
    }

    [Fact]
    public async Task Readers_see_write_and_filter_only_the_fields_shown_to_their_kind_and_role()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await DefineRestrictedLeadFieldsAndAPartnersClient(partner);

        var hidden = Body(LeadBody(Id(client), """{"internal_score":5}"""));
        await ExpectProblem(await partner.PostAsync("/api/v1/leads", hidden), HttpStatusCode.BadRequest,
            "custom_field_unknown");
        var lead = await CreateLeadWith(Id(client), """{"purpose":"Квартира"}""", partner);
        var url = $"/api/v1/leads/{Id(lead)}";
        await ExpectJson(await Patch(url,
            JsonNode.Parse("""{"customFields":{"internal_score":7,"manager_note":"перезвонить"}}""")!, "*"),
            HttpStatusCode.OK);

        ShouldHaveValues(await Read(partner, url), """{"purpose":"Квартира"}""");
        var listed = (await Read(partner, "/api/v1/leads"))["items"]!.AsArray().Single();
        ShouldHaveValues(listed, """{"purpose":"Квартира"}""");
        await ExpectProblem(await partner.GetAsync("/api/v1/leads?cf=internal_score:7"), HttpStatusCode.BadRequest,
            "custom_field_unknown");
        var request = new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = new StringContent("""{"customFields":{"purpose":"Дом"}}""", System.Text.Encoding.UTF8,
                "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        var patched = await ExpectJson(await partner.SendAsync(request), HttpStatusCode.OK);
        ShouldHaveValues(patched, """{"purpose":"Дом"}""");

        JsonNode.DeepEquals((await Read(Http, url))["customFields"],
            JsonNode.Parse("""{"purpose":"Дом","internal_score":7,"manager_note":"перезвонить"}""")).Should().BeTrue();
        (await IdsOf("/api/v1/leads?cf=internal_score:7")).Should().Equal(Id(lead));
    }

    [Fact]
    public async Task A_field_hidden_on_one_instance_is_hidden_there_at_once_and_on_another_as_it_hears_the_change()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var field = await Define("lead", "purpose", "text");
        var body = Body(new { fullName = "Сидоров", phone = UniquePhone(), source = "partner" });
        var client = await ExpectJson(await partner.PostAsync("/api/v1/clients", body), HttpStatusCode.Created);
        var url = $"/api/v1/leads/{Id(await CreateLeadWith(Id(client), """{"purpose":"Квартира"}""", partner))}";

        await using var second = Server.StartSecondInstance();
        using var partnerOnSecond = second.CreateHttpClient(await Server.AccessTokenAsync(TestActor.PartnerAlpha));
        var cache = second.Services.GetRequiredService<CustomFieldDefinitionCache>();
        for (var tries = 0; cache.Remembered is null && tries < 200; tries++)
        {
            // The second instance listens for changes, then remembers the definitions at its next read.
            ShouldHaveValues(await Read(partnerOnSecond, url), """{"purpose":"Квартира"}""");
            await Task.Delay(25);
        }

        cache.Remembered.Should().NotBeNull().And.ContainSingle(d => d.Key == "purpose");
        await ExpectJson(
            await Patch($"{Definitions}/{Id(field)}", new { visibleToKinds = new[] { "head_office" } }, "*"),
            HttpStatusCode.OK
        );

        // The instance that made the change forgot it as it committed; the other as it hears the notification.
        ShouldHaveValues(await Read(partner, url), "{}");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (Values(await Read(partnerOnSecond, url)) != "{}" && DateTime.UtcNow < until)
        {
            await Task.Delay(25);
        }

        ShouldHaveValues(await Read(partnerOnSecond, url), "{}");
        ShouldHaveValues(await Read(Http, url), """{"purpose":"Квартира"}""");
    }

    [Fact]
    public async Task Events_carry_the_fields_shown_to_the_organizations_kind_without_a_role_restriction()
    {
        using var partner = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var client = await DefineRestrictedLeadFieldsAndAPartnersClient(partner);
        var lead = await CreateLeadWith(Id(client), """{"purpose":"Квартира"}""", partner);
        await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}",
            JsonNode.Parse("""{"customFields":{"internal_score":7,"manager_note":"x","purpose":"Дом"}}""")!, "*"),
            HttpStatusCode.OK);

        var events = await EventFeedReading.EventsOf(Http, Id(lead), count: 2);

        events.Select(e => e["type"]!.GetValue<string>()).Should().Equal("lead.created", "lead.updated");
        ShouldHaveValues(events[0]["data"], """{"purpose":"Квартира"}""");
        ShouldHaveValues(events[1]["data"], """{"purpose":"Дом"}""");
        var partnerEvents = await EventFeedReading.EventsOf(partner, Id(lead), count: 2);
        ShouldHaveValues(partnerEvents[1]["data"], """{"purpose":"Дом"}""");
    }

    [Fact]
    public async Task Exports_add_a_column_per_field_the_caller_sees_after_their_own()
    {
        await Define("client", "segment", "select", new { options = new[] { "retail", "business" } });
        await Define("client", "docs", "multiselect", new { options = new[] { "passport", "snils" } });
        await Define("client", "income", "number", new { position = 5 });
        await Define("lead", "purpose", "text");
        var client = await CreateClientWith("""{"segment":"business","docs":["snils","passport"],"income":120000.5}""");
        await CreateLeadWith(Id(client), """{"purpose":"Квартира"}""");

        var clients = await ExportRows("/api/v1/clients/export?format=csv");
        clients[0][^3..].Should().Equal("cf.income", "cf.docs", "cf.segment");
        clients[1][^3..].Should().Equal("120000.5", "passport; snils", "business");
        var leads = await ExportRows("/api/v1/leads/export?format=xlsx", ImportFileFormat.Xlsx);
        leads[0][^1].Should().Be("cf.purpose");
        leads[1][^1].Should().Be("Квартира");
    }

    private async Task<List<string?[]>> ExportRows(string url, ImportFileFormat format = ImportFileFormat.Csv)
    {
        var response = await Http.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = new List<string?[]>();
        var file = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        await foreach (var row in TableReader.ReadAsync(file, format, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
