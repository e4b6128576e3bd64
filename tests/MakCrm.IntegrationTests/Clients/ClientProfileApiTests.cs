using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Clients;

/// <summary>The client's profile: source codes, processing method, tags, consent, the filters on them and segmentation.</summary>
public sealed class ClientProfileApiTests(ApiServerFixture server) : ApiTest(server)
{
    private const string GivenAt = "2026-11-01T09:30:00.1234567+03:00";

    [Fact]
    public async Task Create_keeps_the_profile_normalised_and_get_returns_it()
    {
        var response = await Post("/api/v1/clients", new
        {
            fullName = "Профилев Пётр",
            phone = UniquePhone(),
            source = "cold_base",
            processingMethod = "call_center",
            tags = new[] { " VIP ", "Ипотека   2027", "vip" },
            consent = new { givenAt = GivenAt, textVersion = " 2026-01 " },
        });

        var client = await ExpectJson(response, HttpStatusCode.Created);
        client["source"]!.GetValue<string>().Should().Be("cold_base");
        client["processingMethod"]!.GetValue<string>().Should().Be("call_center");
        client["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("vip", "ипотека 2027");
        client["consent"]!["givenAt"]!.GetValue<DateTimeOffset>().Should().Be(new DateTimeOffset(2026, 11, 1, 6, 30, 0, 123, 456, TimeSpan.Zero));
        client["consent"]!["textVersion"]!.GetValue<string>().Should().Be("2026-01");
        client["consent"]!["withdrawnAt"].Should().BeNull();
        (await ExpectJson(await Http.GetAsync($"/api/v1/clients/{Id(client)}"), HttpStatusCode.OK)).ToJsonString().Should().Be(client.ToJsonString());
    }

    [Fact]
    public async Task A_client_without_a_profile_has_empty_tags_and_nulls()
    {
        var client = await CreateClient();

        client["processingMethod"].Should().BeNull();
        client["tags"]!.AsArray().Should().BeEmpty();
        client["consent"].Should().BeNull();
    }

    [Theory]
    [InlineData("""{"source":"friends"}""", "source")]
    [InlineData("""{"source":"Not A Code"}""", "source")]
    [InlineData("""{"processingMethod":"telepathy"}""", "processingMethod")]
    [InlineData("""{"tags":"vip"}""", "tags")]
    [InlineData("""{"tags":["ok","  "]}""", "tags")]
    [InlineData("""{"tags":["ok",null]}""", "tags")]
    [InlineData("""{"consent":{"givenAt":"2099-01-01T00:00:00Z","textVersion":"v1"}}""", "consent.givenAt")]
    [InlineData("""{"consent":{"givenAt":"2026-01-01T00:00:00Z"}}""", "consent.textVersion")]
    [InlineData("""{"consent":{"textVersion":"v1"}}""", "consent.givenAt")]
    [InlineData("""{"consent":{"givenAt":"2026-01-01T00:00:00Z","textVersion":"v1","withdrawnAt":"2025-01-01T00:00:00Z"}}""", "consent.withdrawnAt")]
    [InlineData("""{"consent":{"givenAt":"2026-01-01T00:00:00Z","textVersion":"v1","signedBy":"x"}}""", "consent.signedBy")]
    public async Task Invalid_profile_fields_on_create_are_field_errors(string profile, string field)
    {
        var body = JsonNode.Parse(profile)!.AsObject();
        body.TryAdd("fullName", "Ошибкин Олег");
        body.TryAdd("phone", UniquePhone());
        body.TryAdd("source", "partner");

        var problem = await ExpectProblem(await Post("/api/v1/clients", body.ToJsonString()), HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, field).Should().NotBeEmpty("the errors were {0}", problem["errors"]?.ToJsonString());
    }

    [Fact]
    public async Task Too_many_or_too_long_tags_are_refused()
    {
        var tooMany = await Post("/api/v1/clients", new { fullName = "Тегов Тимур", phone = UniquePhone(), source = "partner", tags = Enumerable.Range(0, 21).Select(i => $"t{i}") });
        FieldErrors(await ExpectProblem(tooMany, HttpStatusCode.BadRequest, "validation_failed"), "tags").Should().ContainSingle().Which.Should().Contain("20");

        var tooLong = await Post("/api/v1/clients", new { fullName = "Тегов Тимур", phone = UniquePhone(), source = "partner", tags = new[] { new string('x', 51) } });
        FieldErrors(await ExpectProblem(tooLong, HttpStatusCode.BadRequest, "validation_failed"), "tags").Should().ContainSingle().Which.Should().Contain("50");
    }

    [Fact]
    public async Task An_inactive_source_cannot_be_given_but_a_client_keeps_it()
    {
        var kept = await CreateClient(source: "purchased_base");
        await Deactivate("purchased_base");

        var refused = await Post("/api/v1/clients", new { fullName = "Новый Клиент", phone = UniquePhone(), source = "purchased_base" });
        FieldErrors(await ExpectProblem(refused, HttpStatusCode.BadRequest, "validation_failed"), "source").Should().ContainSingle().Which.Should().Contain("active");
        var moved = await Patch($"/api/v1/clients/{Id(await CreateClient())}", new { source = "purchased_base" }, "*");
        FieldErrors(await ExpectProblem(moved, HttpStatusCode.BadRequest, "validation_failed"), "source").Should().NotBeEmpty();

        var patched = await ExpectJson(await Patch($"/api/v1/clients/{Id(kept)}", new { city = "Тула", source = "purchased_base" }, "\"1\""), HttpStatusCode.OK);
        patched["source"]!.GetValue<string>().Should().Be("purchased_base");
        (await ListAllIds("/api/v1/clients?source=purchased_base", 10)).Should().Equal(Id(kept));
    }

    [Fact]
    public async Task Patch_replaces_tags_clears_the_method_and_withdraws_consent()
    {
        var client = await CreateProfiled(tags: ["a", "b"], method: "partner", consent: true);

        var patched = await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new
        {
            tags = new[] { "C" },
            processingMethod = (string?)null,
            consent = new { withdrawnAt = "2026-11-02T10:00:00Z" },
        }, "\"1\""), HttpStatusCode.OK);

        patched["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Equal("c");
        patched["processingMethod"].Should().BeNull();
        patched["consent"]!["textVersion"]!.GetValue<string>().Should().Be("v1");
        patched["consent"]!["withdrawnAt"]!.GetValue<DateTimeOffset>().Should().Be(DateTimeOffset.Parse("2026-11-02T10:00:00Z"));

        var cleared = await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { tags = Array.Empty<string>(), consent = (object?)null }, "\"2\""), HttpStatusCode.OK);
        cleared["tags"]!.AsArray().Should().BeEmpty();
        cleared["consent"].Should().BeNull();
    }

    [Fact]
    public async Task Consent_can_be_given_again_after_withdrawal()
    {
        var client = await CreateProfiled(consent: true);
        await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { consent = new { withdrawnAt = "2026-11-02T10:00:00Z" } }, "*"), HttpStatusCode.OK);

        var again = await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { consent = new { givenAt = "2026-11-03T10:00:00Z", textVersion = "v2" } }, "*"), HttpStatusCode.OK);

        again["consent"]!["textVersion"]!.GetValue<string>().Should().Be("v2");
        again["consent"]!["withdrawnAt"].Should().BeNull();
    }

    [Theory]
    [InlineData(false, """{"consent":{"withdrawnAt":"2026-11-02T10:00:00Z"}}""", "consent.withdrawnAt")]
    [InlineData(true, """{"consent":{"withdrawnAt":"2026-10-01T10:00:00Z"}}""", "consent.withdrawnAt")]
    [InlineData(true, """{"consent":{"withdrawnAt":"2099-01-01T00:00:00Z"}}""", "consent.withdrawnAt")]
    [InlineData(true, """{"consent":{}}""", "consent.givenAt")]
    [InlineData(true, """{"tags":null}""", "tags")]
    [InlineData(true, """{"source":null}""", "source")]
    [InlineData(true, """{"processingMethod":"nobody"}""", "processingMethod")]
    public async Task Invalid_profile_patches_are_field_errors_and_change_nothing(bool withConsent, string body, string field)
    {
        var client = await CreateProfiled(consent: withConsent);

        var response = await Send(HttpMethod.Patch, $"/api/v1/clients/{Id(client)}", body, "application/merge-patch+json", "\"1\"");

        FieldErrors(await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed"), field).Should().NotBeEmpty();
        ETagOf(await Http.GetAsync($"/api/v1/clients/{Id(client)}")).Should().Be("\"1\"");
    }

    [Fact]
    public async Task Giving_and_withdrawing_consent_is_in_the_audit_log()
    {
        var client = await CreateClient();
        await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { consent = new { givenAt = "2026-11-01T10:00:00Z", textVersion = "v1" } }, "\"1\""), HttpStatusCode.OK);
        await ExpectJson(await Patch($"/api/v1/clients/{Id(client)}", new { consent = new { withdrawnAt = "2026-11-02T10:00:00Z" } }, "\"2\""), HttpStatusCode.OK);

        var events = (await ExpectJson(await Http.GetAsync($"/api/v1/audit-events?entityId={Id(client)}&sort=occurredAt"), HttpStatusCode.OK))["items"]!.AsArray();

        events.Select(e => e!["action"]!.GetValue<string>()).Should().Equal("client.created", "client.updated", "client.updated");
        var given = events[1]!["changes"]!.AsObject();
        given.Select(c => c.Key).Should().BeEquivalentTo("consentGivenAt", "consentTextVersion");
        given["consentTextVersion"]!["after"]!.GetValue<string>().Should().Be("v1");
        events[2]!["changes"]!["consentWithdrawnAt"]!["after"]!.GetValue<DateTimeOffset>().Should().Be(DateTimeOffset.Parse("2026-11-02T10:00:00Z"));
    }

    [Fact]
    public async Task List_filters_by_sources_methods_all_tags_and_consent()
    {
        var a = await CreateProfiled(source: "partner", method: "call_center", tags: ["vip", "ипотека"], consent: true);
        var b = await CreateProfiled(source: "cold_base", method: "franchisee", tags: ["vip"]);
        var c = await CreateProfiled(source: "external", tags: ["ипотека"], consent: true);

        (await ListAllIds("/api/v1/clients?source=partner&source=cold_base", 10)).Should().BeEquivalentTo([Id(a), Id(b)]);
        (await ListAllIds("/api/v1/clients?processingMethod=franchisee&processingMethod=self_service", 10)).Should().Equal(Id(b));
        (await ListAllIds("/api/v1/clients?tag=VIP", 10)).Should().BeEquivalentTo([Id(a), Id(b)]);
        (await ListAllIds($"/api/v1/clients?tag=vip&tag={Uri.EscapeDataString("ипотека")}", 10)).Should().Equal(Id(a));
        (await ListAllIds("/api/v1/clients?hasConsent=true", 10)).Should().BeEquivalentTo([Id(a), Id(c)]);
        (await ListAllIds("/api/v1/clients?hasConsent=false", 10)).Should().Equal(Id(b));
        await ExpectJson(await Patch($"/api/v1/clients/{Id(c)}", new { consent = new { withdrawnAt = "2026-11-02T10:00:00Z" } }, "*"), HttpStatusCode.OK);
        (await ListAllIds("/api/v1/clients?hasConsent=false", 10)).Should().BeEquivalentTo([Id(b), Id(c)]);
        (await ListAllIds("/api/v1/clients?source=nobody_uses_this", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Segments_count_by_source_and_method_with_the_list_filters()
    {
        await CreateProfiled(source: "partner", method: "call_center", tags: ["vip"]);
        await CreateProfiled(source: "partner", method: "call_center");
        await CreateProfiled(source: "partner", tags: ["vip"]);
        await CreateProfiled(source: "cold_base", method: "self_service", tags: ["vip"]);

        var all = await Segments("");
        all["total"]!.GetValue<int>().Should().Be(4);
        Counts(all, "bySource", "source").Should().Equal(("partner", 3), ("cold_base", 1));
        Counts(all, "byProcessingMethod", "processingMethod").Should().Equal(("call_center", 2), ("", 1), ("self_service", 1));

        var vip = await Segments("?tag=vip&source=partner");
        vip["total"]!.GetValue<int>().Should().Be(2);
        Counts(vip, "byProcessingMethod", "processingMethod").Should().Equal(("", 1), ("call_center", 1));

        (await Segments("?source=external"))["total"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task Segments_count_only_the_callers_organization_for_partners()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        using var beta = await Server.CreateHttpClientAsync(TestActor.PartnerBeta);
        foreach (var (http, count) in new[] { (alpha, 2), (beta, 3) })
        {
            for (var i = 0; i < count; i++)
            {
                var body = Json(new { fullName = "Партнёрский Клиент", phone = UniquePhone(), source = "partner", processingMethod = "partner" });
                (await http.PostAsync("/api/v1/clients", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.Created);
            }
        }

        (await ExpectJson(await alpha.GetAsync("/api/v1/clients/segments"), HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(2);
        (await ExpectJson(await beta.GetAsync("/api/v1/clients/segments"), HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(3);
        var everyone = await Segments("");
        everyone["total"]!.GetValue<int>().Should().Be(5);
        Counts(everyone, "byProcessingMethod", "processingMethod").Should().Equal(("partner", 5));
    }

    [Theory]
    [InlineData("processingMethod=nobody", "processingMethod")]
    [InlineData("source=Bad%20Code", "source")]
    [InlineData("createdFrom=2026-02-01T00:00:00Z&createdTo=2026-01-01T00:00:00Z", "createdTo")]
    public async Task Invalid_segment_filters_are_field_errors(string query, string field)
    {
        var problem = await ExpectProblem(await Http.GetAsync($"/api/v1/clients/segments?{query}"), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    private async Task<JsonObject> CreateProfiled(string source = "partner", string? method = null, string[]? tags = null, bool consent = false)
    {
        var response = await Post("/api/v1/clients", new
        {
            fullName = "Профильный Клиент",
            phone = UniquePhone(),
            source,
            processingMethod = method,
            tags = tags ?? [],
            consent = consent ? new { givenAt = "2026-11-01T10:00:00Z", textVersion = "v1" } : null,
        });
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    private async Task Deactivate(string code) =>
        await ExpectJson(await Patch($"/api/v1/client-sources/{code}", new { active = false }, "*"), HttpStatusCode.OK);

    private async Task<JsonObject> Segments(string query) =>
        await ExpectJson(await Http.GetAsync($"/api/v1/clients/segments{query}"), HttpStatusCode.OK);

    private static List<(string Key, int Count)> Counts(JsonObject segments, string list, string key) =>
        segments[list]!.AsArray().Select(s => (s![key]?.GetValue<string>() ?? "", s["count"]!.GetValue<int>())).ToList();
}
