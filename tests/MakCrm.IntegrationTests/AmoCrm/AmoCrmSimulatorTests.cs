using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// The amoCRM simulator's own behaviour where the sync relies on it being amoCRM's: pages, empty pages, null custom
/// field values, auth, one-time refresh tokens, the rate limit, the blocked account and writes.
/// </summary>
public sealed class AmoCrmSimulatorTests : IAsyncLifetime
{
    private FakeAmoCrm _amo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 600 }).StartAsync();
        _http = Client(_amo.LongLivedToken);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _amo.DisposeAsync();
    }

    private HttpClient Client(string? token)
    {
        var http = new HttpClient { BaseAddress = _amo.BaseAddress };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    // Keeps the rate limit out of a test about something else: every request in a second of its own.
    private async Task<HttpResponseMessage> GetAsync(string url)
    {
        _amo.Clock.Advance(TimeSpan.FromSeconds(1));
        return await _http.GetAsync(url);
    }

    private async Task<JsonObject> GetJsonAsync(string url)
    {
        using var response = await GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task Leads_come_in_hal_pages_of_at_most_250_followed_by_next_links_and_an_empty_page_is_204()
    {
        var ids = new List<long>();
        string? next = "api/v4/leads?limit=250&with=contacts&order[id]=asc";
        var pages = 0;
        while (next is not null)
        {
            using var response = await GetAsync(next);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/hal+json");
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            var leads = page["_embedded"]!["leads"]!.AsArray();
            leads.Count.Should().BeLessThanOrEqualTo(250);
            ids.AddRange(leads.Select(l => l!["id"]!.GetValue<long>()));
            page["_page"]!.GetValue<int>().Should().Be(++pages);
            page["_links"]!["self"]!["href"]!.GetValue<string>().Should().StartWith(_amo.BaseAddress.ToString());
            next = page["_links"]!["next"]?["href"]?.GetValue<string>();
        }

        pages.Should().Be(3);
        ids.Should().HaveCount(600).And.BeInAscendingOrder().And.OnlyHaveUniqueItems();
        using var empty = await GetAsync("api/v4/leads?limit=250&page=4");
        empty.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await empty.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        var tooLarge = await GetJsonAsync("api/v4/leads?limit=1000");
        tooLarge["_embedded"]!["leads"]!.AsArray().Should().HaveCount(250);
    }

    [Fact]
    public async Task Custom_field_values_are_null_when_empty_numbers_come_as_strings_and_contacts_only_with_contacts()
    {
        var page = await GetJsonAsync("api/v4/leads?limit=250");
        var leads = page["_embedded"]!["leads"]!.AsArray().Select(l => l!.AsObject()).ToList();
        leads.Should().Contain(l => l["custom_fields_values"] == null);
        leads
            .Should()
            .NotContain(l => l["custom_fields_values"] is JsonArray && l["custom_fields_values"]!.AsArray().Count == 0);
        leads.Should().OnlyContain(l => l["_embedded"]!["contacts"] == null);
        var amounts = leads.SelectMany(FieldValues(AmoSeed.AmountFieldId)).ToList();
        amounts
            .Should()
            .NotBeEmpty()
            .And.OnlyContain(v => v!["value"]!.GetValueKind() == System.Text.Json.JsonValueKind.String);
        var withContacts = await GetJsonAsync("api/v4/leads?limit=250&with=contacts");
        withContacts["_embedded"]!["leads"]!
            .AsArray()
            .Should()
            .Contain(l => l!["_embedded"]!["contacts"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task Contacts_phones_are_typed_every_way_under_the_multitext_field_phone_with_enum_codes()
    {
        var phones = new List<JsonNode?>();
        string? next = "api/v4/contacts?limit=250";
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            phones.AddRange(
                page["_embedded"]!["contacts"]!
                    .AsArray()
                    .SelectMany(c => FieldValues(AmoSeed.ContactPhoneFieldId)(c!.AsObject()))
            );
            next = page["_links"]!["next"]?["href"]?.GetValue<string>();
        }

        var texts = phones.Select(p => p!["value"]!.GetValue<string>()).ToList();
        texts
            .Should()
            .Contain(t => t.StartsWith("+7 ("))
            .And.Contain(t => t.StartsWith("8 "))
            .And.Contain(t => t.StartsWith("8") && t.Length == 11);
        texts.Count(t => t.StartsWith("+7")).Should().BeLessThan(texts.Count);
        phones.Select(p => p!["enum_code"]!.GetValue<string>()).Distinct().Should().Contain(["MOB", "WORK", "HOME"]);
    }

    [Fact]
    public async Task Pipelines_have_russian_statuses_with_won_142_and_lost_143_in_each_and_fields_have_enums()
    {
        var pipelines = (await GetJsonAsync("api/v4/leads/pipelines"))["_embedded"]!["pipelines"]!.AsArray();
        pipelines.Should().HaveCount(3);
        foreach (var pipeline in pipelines)
        {
            var statuses = pipeline!["_embedded"]!["statuses"]!
                .AsArray()
                .Select(s => s!["id"]!.GetValue<long>())
                .ToList();
            statuses.Should().Contain([142L, 143L]);
        }

        pipelines[0]!["_embedded"]!["statuses"]!
            .AsArray()
            .Select(s => s!["name"]!.GetValue<string>())
            .Should()
            .Contain(["Неразобранное", "Переговоры", "Успешно реализовано"]);
        var fields = (await GetJsonAsync("api/v4/contacts/custom_fields"))["_embedded"]!["custom_fields"]!.AsArray();
        var phone = fields.Single(f => f!["code"]?.GetValue<string>() == "PHONE")!;
        phone["type"]!.GetValue<string>().Should().Be("multitext");
        phone["enums"]!
            .AsArray()
            .Select(e => e!["value"]!.GetValue<string>())
            .Should()
            .Contain(["WORK", "MOB", "OTHER"]);
        var users = (await GetJsonAsync("api/v4/users"))["_embedded"]!["users"]!.AsArray();
        users.Select(u => u!["email"]!.GetValue<string>()).Should().Contain("admin@demo.mak");
    }

    [Fact]
    public async Task A_request_without_a_valid_token_is_401_and_the_long_lived_token_expires()
    {
        using var anonymous = Client(null);
        using var none = await anonymous.GetAsync("api/v4/account");
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        none.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var forged = Client("eyJ0eXAiOiJKV1QifQ.e30.c2ln");
        (await forged.GetAsync("api/v4/account")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await GetJsonAsync("api/v4/account"))["id"]!.GetValue<long>().Should().Be(AmoSeed.AccountId);
        _amo.Clock.Advance(TimeSpan.FromDays(366));
        (await GetAsync("api/v4/account")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Seven_requests_a_second_pass_the_eighth_is_429_with_an_html_page_and_the_next_second_passes()
    {
        _amo.Clock.Freeze();
        for (var i = 0; i < 7; i++)
        {
            (await _http.GetAsync("api/v4/account")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var limited = await _http.GetAsync("api/v4/account");
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        _amo.RateLimitHits.Should().Be(1);
        _amo.Clock.Advance(TimeSpan.FromSeconds(1));
        (await _http.GetAsync("api/v4/account")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_blocked_account_answers_every_request_403_with_an_html_page()
    {
        _amo.Blocked = true;
        foreach (var url in new[] { "api/v4/leads", "api/v4/account" })
        {
            using var response = await GetAsync(url);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
            (await response.Content.ReadAsStringAsync()).Should().Contain("<html");
        }

        using var token = await _http.PostAsJsonAsync("oauth2/access_token", new { client_id = _amo.Options.ClientId });
        token.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        _amo.Blocked = false;
        (await GetAsync("api/v4/account")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_authorization_code_is_exchanged_once_and_a_refresh_token_works_once()
    {
        var code = _amo.IssueAuthorizationCode("https://mak.example/amocrm/callback");
        var exchange = () =>
            TokenAsync(
                new JsonObject
                {
                    ["grant_type"] = "authorization_code",
                    ["code"] = code,
                    ["redirect_uri"] = "https://mak.example/amocrm/callback",
                }
            );
        var first = await exchange();
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var tokens = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        tokens["token_type"]!.GetValue<string>().Should().Be("Bearer");
        tokens["expires_in"]!.GetValue<int>().Should().Be(86400);
        var again = await exchange();
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var refresh = tokens["refresh_token"]!.GetValue<string>();
        var refreshed = await TokenAsync(
            new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }
        );
        refreshed.StatusCode.Should().Be(HttpStatusCode.OK);
        var newTokens = (await refreshed.Content.ReadFromJsonAsync<JsonObject>())!;
        newTokens["refresh_token"]!.GetValue<string>().Should().NotBe(refresh);
        var spent = await TokenAsync(new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        spent.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await spent.Content.ReadFromJsonAsync<JsonObject>())!["hint"]!
            .GetValue<string>()
            .Should()
            .Be("Token has been revoked");
        _amo.RefreshCalls.Should().Be(2);

        using var oauth = Client(newTokens["access_token"]!.GetValue<string>());
        _amo.Clock.Advance(TimeSpan.FromSeconds(1));
        (await oauth.GetAsync("api/v4/account")).StatusCode.Should().Be(HttpStatusCode.OK);
        _amo.Clock.Advance(TimeSpan.FromHours(25));
        (await oauth.GetAsync("api/v4/account")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_lost_refresh_answer_has_spent_the_refresh_token()
    {
        var code = _amo.IssueAuthorizationCode();
        var tokens = (
            await (
                await TokenAsync(new JsonObject { ["grant_type"] = "authorization_code", ["code"] = code })
            ).Content.ReadFromJsonAsync<JsonObject>()
        )!;
        var refresh = tokens["refresh_token"]!.GetValue<string>();
        _amo.LoseNextTokenAnswer();
        var lost = () => TokenAsync(new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        await lost.Should().ThrowAsync<HttpRequestException>();
        (await lost()).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_client_secret_that_does_not_match_is_refused()
    {
        using var response = await _http.PostAsJsonAsync(
            "oauth2/access_token",
            new JsonObject
            {
                ["client_id"] = _amo.Options.ClientId,
                ["client_secret"] = "wrong",
                ["grant_type"] = "authorization_code",
                ["code"] = _amo.IssueAuthorizationCode(),
            }
        );
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_write_moves_updated_at_a_stale_updated_at_is_refused_and_an_invalid_write_changes_nothing()
    {
        var lead = await GetJsonAsync($"api/v4/leads/{AmoSeed.FirstLeadId}");
        var before = lead["updated_at"]!.GetValue<long>();
        _amo.Clock.Advance(TimeSpan.FromMinutes(5));
        using var patched = await _http.PatchAsync(
            "api/v4/leads",
            Json(
                new JsonArray(
                    new JsonObject
                    {
                        ["id"] = AmoSeed.FirstLeadId,
                        ["price"] = 1_234_000,
                        ["updated_at"] = before,
                        ["custom_fields_values"] = new JsonArray(
                            new JsonObject
                            {
                                ["field_id"] = AmoSeed.ProductFieldId,
                                ["values"] = new JsonArray(
                                    new JsonObject
                                    {
                                        ["enum_id"] = _amo.Account.EnumId("leads", AmoSeed.ProductFieldId, "Ипотека"),
                                    }
                                ),
                            }
                        ),
                    }
                )
            )
        );
        patched.StatusCode.Should().Be(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        var answer = (await patched.Content.ReadFromJsonAsync<JsonObject>())!["_embedded"]!["leads"]![0]!;
        var after = answer["updated_at"]!.GetValue<long>();
        after.Should().BeGreaterThan(before);
        answer["request_id"]!.GetValue<string>().Should().Be("0");

        using var stale = await _http.PatchAsync(
            $"api/v4/leads/{AmoSeed.FirstLeadId}",
            Json(new JsonObject { ["price"] = 1, ["updated_at"] = before })
        );
        stale.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await stale.Content.ReadAsStringAsync()).Should().Contain("Last modified date is older than in database");

        using var invalid = await _http.PatchAsync(
            "api/v4/leads",
            Json(
                new JsonArray(
                    new JsonObject
                    {
                        ["id"] = AmoSeed.FirstLeadId,
                        ["price"] = 5,
                        ["status_id"] = 999,
                    }
                )
            )
        );
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        invalid.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var error = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["validation-errors"]![0]!;
        error["request_id"]!.GetValue<string>().Should().Be("0");
        error["errors"]![0]!["path"]!.GetValue<string>().Should().Be("status_id");

        var stored = await GetJsonAsync($"api/v4/leads/{AmoSeed.FirstLeadId}");
        stored["price"]!.GetValue<long>().Should().Be(1_234_000);
        stored["updated_at"]!.GetValue<long>().Should().Be(after);
        FieldValues(AmoSeed.ProductFieldId)(stored).Single()!["value"]!.GetValue<string>().Should().Be("Ипотека");
    }

    [Fact]
    public async Task Leads_changed_since_a_time_are_listed_in_updated_at_order_and_a_missing_lead_is_204()
    {
        var since = _amo.Clock.GetUtcNow().ToUnixTimeSeconds() + 10;
        _amo.Clock.Advance(TimeSpan.FromSeconds(20));
        foreach (var id in new[] { AmoSeed.FirstLeadId + 5, AmoSeed.FirstLeadId + 2 })
        {
            _amo.Clock.Advance(TimeSpan.FromSeconds(1));
            using var patched = await _http.PatchAsync(
                $"api/v4/leads/{id}",
                Json(new JsonObject { ["name"] = "Изменено" })
            );
            patched.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var changed = await GetJsonAsync($"api/v4/leads?filter[updated_at][from]={since}&order[updated_at]=asc");
        changed["_embedded"]!["leads"]!
            .AsArray()
            .Select(l => l!["id"]!.GetValue<long>())
            .Should()
            .Equal(AmoSeed.FirstLeadId + 5, AmoSeed.FirstLeadId + 2);
        (await GetAsync("api/v4/leads/1")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_injected_504_answers_once_and_a_write_or_a_page_above_the_timeout_size_is_504()
    {
        _amo.FailNext("/api/v4/leads", 504);
        (await GetAsync("api/v4/leads")).StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await GetAsync("api/v4/leads")).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var small = await new FakeAmoCrm(
            new AmoSimulatorOptions { Leads = 10, GatewayTimeoutAbove = 2 }
        ).StartAsync();
        using var http = new HttpClient { BaseAddress = small.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", small.LongLivedToken);
        var three = new JsonArray([
            .. Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonObject { ["name"] = $"Лид {i}" }),
        ]);
        (await http.PostAsync("api/v4/leads", Json(three))).StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        small.Account.Count("leads").Should().Be(10);
        var two = new JsonArray([
            .. Enumerable.Range(0, 2).Select(i => (JsonNode)new JsonObject { ["name"] = $"Лид {i}" }),
        ]);
        (await http.PostAsync("api/v4/leads", Json(two))).StatusCode.Should().Be(HttpStatusCode.OK);
        small.Account.Count("leads").Should().Be(12);

        small.Clock.Advance(TimeSpan.FromSeconds(1));
        (await http.GetAsync("api/v4/contacts?limit=3")).StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        using var page = await http.GetAsync("api/v4/leads?limit=2&order[id]=asc");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var leads = (await page.Content.ReadFromJsonAsync<JsonObject>())!["_embedded"]!["leads"]!.AsArray();
        leads.Should().HaveCount(2);
    }

    private Task<HttpResponseMessage> TokenAsync(JsonObject body)
    {
        body["client_id"] = _amo.Options.ClientId;
        body["client_secret"] = _amo.Options.ClientSecret;
        return _http.PostAsJsonAsync("oauth2/access_token", body);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static Func<JsonObject, IEnumerable<JsonNode?>> FieldValues(long fieldId) =>
        entity =>
            (entity["custom_fields_values"] as JsonArray ?? [])
                .Where(f => f!["field_id"]!.GetValue<long>() == fieldId)
                .SelectMany(f => f!["values"]!.AsArray());
}
