using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Leads;

/// <summary>What a lead platform sends: externalRef, attribution, metadata, consent, the short form, the 207 batch.</summary>
public sealed class LeadPlatformIntakeTests(ApiServerFixture server) : AuthTest(server)
{
    private const string Secret = "platform-secret-0123456789abcdef";

    [Fact]
    public async Task A_submission_keeps_its_external_ref_attribution_metadata_and_consent_and_is_found_by_its_ref()
    {
        var reference = "order-" + Guid.NewGuid().ToString("N");
        var body = await ExpectJson(await Post("/api/v1/lead-submissions", new
        {
            fullName = "Петров Пётр",
            phone = UniquePhone(),
            source = "external",
            externalRef = reference,
            attribution = new { utmSource = "yandex", utmMedium = "cpc", landingUrl = "https://partner.example.ru/credit", referrer = "https://ya.ru/" },
            metadata = new Dictionary<string, string> { ["platform_lead_id"] = "48213", ["form"] = "short" },
            consent = new { givenAt = "2026-01-10T10:15:00Z", textVersion = "2026-09" },
        }), HttpStatusCode.Created);
        var lead = body["lead"]!.AsObject();
        lead["requestedAmount"].Should().BeNull("a short form asks only for a name and a phone");
        lead["product"].Should().BeNull();

        var fetched = await ExpectJson(await Http.GetAsync($"/api/v1/leads/{Id(lead)}"), HttpStatusCode.OK);
        fetched["externalRef"]!.GetValue<string>().Should().Be(reference);
        fetched["attribution"]!["utmSource"]!.GetValue<string>().Should().Be("yandex");
        fetched["attribution"]!["landingUrl"]!.GetValue<string>().Should().Be("https://partner.example.ru/credit");
        fetched["metadata"]!["platform_lead_id"]!.GetValue<string>().Should().Be("48213");
        fetched["consent"]!["textVersion"]!.GetValue<string>().Should().Be("2026-09");
        DateTimeOffset.Parse(fetched["consent"]!["givenAt"]!.GetValue<string>()).Should().Be(DateTimeOffset.Parse("2026-01-10T10:15:00Z"));

        var listed = await ExpectJson(await Http.GetAsync($"/api/v1/leads?externalRef={reference}"), HttpStatusCode.OK);
        listed["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(lead));
        (await ExpectJson(await Http.GetAsync("/api/v1/leads?externalRef=nobody-has-this"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task An_external_ref_names_one_record_per_creator_and_a_clash_names_the_existing_one()
    {
        var reference = "crm-" + Guid.NewGuid().ToString("N");
        var first = await ExpectJson(await Post("/api/v1/clients", new { fullName = "Иванов Иван", phone = UniquePhone(), source = "partner", externalRef = reference }), HttpStatusCode.Created);

        var clash = await ExpectProblem(
            await Post("/api/v1/clients", new { fullName = "Иванов Иван", phone = UniquePhone(), source = "partner", externalRef = reference }),
            HttpStatusCode.Conflict, "external_ref_taken");
        clash["existingId"]!.GetValue<string>().Should().Be(Id(first));

        var leadRef = "lead-" + Guid.NewGuid().ToString("N");
        var lead = await ExpectJson(await Post("/api/v1/leads", new { clientId = Id(first), requestedAmount = 100000, product = "auto", externalRef = leadRef }), HttpStatusCode.Created);
        var leadClash = await ExpectProblem(
            await Post("/api/v1/lead-submissions", new { fullName = "Иванов Иван", phone = UniquePhone(), source = "external", externalRef = leadRef }),
            HttpStatusCode.Conflict, "external_ref_taken");
        leadClash["existingId"]!.GetValue<string>().Should().Be(Id(lead));

        // Another creator (an API client of the organization) may use the same reference for its own record.
        var platform = await PlatformClient();
        var own = await ExpectJson(
            await platform.PostAsync("/api/v1/lead-submissions", Body(new { fullName = "Иванов Иван", phone = UniquePhone(), source = "external", externalRef = leadRef })),
            HttpStatusCode.Created);
        own["lead"]!["externalRef"]!.GetValue<string>().Should().Be(leadRef);

        var clients = await ExpectJson(await Http.GetAsync($"/api/v1/clients?externalRef={reference}"), HttpStatusCode.OK);
        clients["items"]!.AsArray().Select(i => Id(i!.AsObject())).Should().Equal(Id(first));
    }

    [Fact]
    public async Task Attribution_and_metadata_out_of_bounds_are_400s_per_field()
    {
        var tooMany = Enumerable.Range(0, 21).ToDictionary(i => $"k{i}", i => "v");
        var problem = await ExpectProblem(await Post("/api/v1/lead-submissions", new
        {
            fullName = "Петров Пётр",
            phone = UniquePhone(),
            source = "external",
            externalRef = "has space",
            attribution = new { landingUrl = "javascript:alert(1)", utmSource = new string('u', 201) },
            metadata = tooMany,
            consent = new { givenAt = DateTimeOffset.UtcNow.AddDays(1), textVersion = "" },
        }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "externalRef").Should().NotBeEmpty();
        FieldErrors(problem, "attribution.landingUrl").Should().NotBeEmpty();
        FieldErrors(problem, "attribution.utmSource").Should().NotBeEmpty();
        FieldErrors(problem, "metadata").Should().NotBeEmpty();
        FieldErrors(problem, "consent.givenAt").Should().NotBeEmpty();
        FieldErrors(problem, "consent.textVersion").Should().NotBeEmpty();

        var badKey = await ExpectProblem(
            await Post("/api/v1/clients", new { fullName = "Иванов Иван", phone = UniquePhone(), source = "partner", metadata = new Dictionary<string, string> { ["Bad Key"] = "x" } }),
            HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(badKey, "metadata").Should().NotBeEmpty();
    }

    [Fact]
    public async Task Metadata_and_attribution_are_replaced_by_a_patch_with_if_match()
    {
        var client = await ExpectJson(await Post("/api/v1/clients", new { fullName = "Иванов Иван", phone = UniquePhone(), source = "partner" }), HttpStatusCode.Created);
        var lead = await ExpectJson(await Post("/api/v1/leads", new { clientId = Id(client), requestedAmount = 100000, product = "auto", metadata = new Dictionary<string, string> { ["a"] = "1" } }), HttpStatusCode.Created);

        var patched = await ExpectJson(
            await Patch($"/api/v1/leads/{Id(lead)}", new { metadata = new Dictionary<string, string> { ["b"] = "2" }, attribution = new { utmCampaign = "autumn" } }, "\"1\""),
            HttpStatusCode.OK);
        patched["metadata"]!.AsObject().Select(p => p.Key).Should().Equal("b");
        patched["attribution"]!["utmCampaign"]!.GetValue<string>().Should().Be("autumn");

        var cleared = await ExpectJson(await Patch($"/api/v1/leads/{Id(lead)}", new { metadata = (object?)null, attribution = (object?)null }, "\"2\""), HttpStatusCode.OK);
        cleared["metadata"]!.AsObject().Should().BeEmpty();
        cleared["attribution"].Should().BeNull();
    }

    [Fact]
    public async Task A_batch_answers_each_item_on_its_own_with_207()
    {
        var duplicatePhone = UniquePhone();
        await ExpectJson(await Post("/api/v1/lead-submissions", new { fullName = "Первый", phone = duplicatePhone, source = "external" }), HttpStatusCode.Created);
        var good = new { fullName = "Сидорова Анна", phone = UniquePhone(), source = "external", requestedAmount = 800000, product = "consumer" };
        var duplicate = new { fullName = "Второй", phone = duplicatePhone, source = "external" };
        var brokenPhone = UniquePhone();
        var items = new JsonArray(
            JsonNode.Parse(Json(good)),
            JsonNode.Parse(Json(duplicate)),
            JsonNode.Parse($$"""{"fullName": 5, "phone": "{{brokenPhone}}", "source": "external"}"""),
            JsonNode.Parse("""{"fullName": "Без телефона", "source": "external"}"""),
            JsonNode.Parse("\"not an object\""),
            JsonNode.Parse(Json(new { fullName = "Неизвестный источник", phone = UniquePhone(), source = "no_such_source" })));

        var response = await Send(HttpMethod.Post, "/api/v1/lead-submissions/batch", new JsonObject { ["items"] = items }.ToJsonString());
        var body = await ExpectJson(response, HttpStatusCode.MultiStatus);
        var results = body["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        results.Select(r => r["index"]!.GetValue<int>()).Should().Equal(0, 1, 2, 3, 4, 5);
        results.Select(r => r["outcome"]!.GetValue<string>()).Should().Equal("created", "duplicate", "problem", "problem", "problem", "problem");
        results[0]["status"]!.GetValue<int>().Should().Be(201);
        results[0]["submission"]!["lead"]!["requestedAmount"]!.GetValue<decimal>().Should().Be(800000m);
        results[1]["submission"]!["duplicate"]!["matchedBy"]!.AsArray().Select(m => m!.GetValue<string>()).Should().Equal("phone");
        results[2]["problem"]!["code"]!.GetValue<string>().Should().Be("validation_failed");
        FieldErrors(results[2]["problem"]!.AsObject(), "fullName").Should().NotBeEmpty();
        FieldErrors(results[3]["problem"]!.AsObject(), "phone").Should().Equal("Is required.");
        results[4]["problem"]!["code"]!.GetValue<string>().Should().Be("malformed_json");
        results[5]["status"]!.GetValue<int>().Should().Be(400);
        FieldErrors(results[5]["problem"]!.AsObject(), "source").Should().NotBeEmpty();

        // A failed item wrote nothing: no client was created for its phone.
        var clients = await ExpectJson(await Http.GetAsync($"/api/v1/clients?q={Uri.EscapeDataString(brokenPhone)}"), HttpStatusCode.OK);
        clients["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task An_empty_batch_or_one_over_100_items_is_a_400_for_the_whole_request()
    {
        var empty = await ExpectProblem(await Post("/api/v1/lead-submissions/batch", new { items = Array.Empty<object>() }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(empty, "items").Should().NotBeEmpty();

        var phones = Enumerable.Range(0, 101).Select(_ => UniquePhone()).ToList();
        var tooMany = phones.Select(p => new { fullName = "Петров", phone = p, source = "external" }).ToArray();
        var refused = await ExpectProblem(await Post("/api/v1/lead-submissions/batch", new { items = tooMany }), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(refused, "items").Should().NotBeEmpty();
        var clients = await ExpectJson(await Http.GetAsync($"/api/v1/clients?q={Uri.EscapeDataString(phones[0])}"), HttpStatusCode.OK);
        clients["items"]!.AsArray().Should().BeEmpty("nothing of a refused batch runs");
    }

    private async Task<HttpClient> PlatformClient()
    {
        var clientId = "platform-" + Guid.NewGuid().ToString("N")[..12];
        await RegisterApiClient(clientId, Secret, Organization.HeadOfficeId, [Permissions.LeadsWrite, Permissions.LeadsReadAll, Permissions.ClientsReadAll]);
        var tokens = await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, Secret)));
        return Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());
    }
}
