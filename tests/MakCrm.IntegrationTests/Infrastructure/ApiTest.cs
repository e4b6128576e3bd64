using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Testing;
using Npgsql;

namespace MakCrm.IntegrationTests.Infrastructure;

/// <summary>
/// A test class against the real API over HTTP: a server and database of its own or pooled
/// (<see cref="ApiServerFixture"/>), emptied before every test. Requests and responses are raw JSON, so the tests
/// check the wire format a client sees.
/// </summary>
public abstract class ApiTest(ApiServerFixture server) : IClassFixture<ApiServerFixture>, IAsyncLifetime
{
    private static int _phoneSequence;

    protected ApiServerFixture Server { get; } = server;

    /// <summary>Signed in as the admin, who may do everything: for tests about behaviour rather than access.</summary>
    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await Server.ResetDatabaseAsync();
        Http = await Server.CreateHttpClientAsync(TestActor.Admin);
    }

    public virtual Task DisposeAsync()
    {
        Http.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>SQL run on the test's database directly, for states the API cannot make quickly.</summary>
    protected async Task Execute(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A phone number no other test uses, in E.164.</summary>
    protected static string UniquePhone() => $"+7999{Interlocked.Increment(ref _phoneSequence) + (Environment.ProcessId % 1000 * 1000):0000000}";

    protected Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null, string contentType = "application/json", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> Post(string url, object body) => Send(HttpMethod.Post, url, Json(body));

    protected Task<HttpResponseMessage> Patch(string url, object body, string? ifMatch) =>
        Send(HttpMethod.Patch, url, Json(body), "application/merge-patch+json", ifMatch);

    /// <summary>Head office defines a custom field (label = key); <paramref name="extra"/> adds to the body.</summary>
    protected async Task<JsonObject> Define(string entity, string key, string type, object? extra = null)
    {
        var body = JsonNode.Parse(Json(new { entity, key, label = key, type }))!.AsObject();
        if (extra is not null)
        {
            foreach (var (name, value) in JsonNode.Parse(Json(extra))!.AsObject())
            {
                body[name] = value?.DeepClone();
            }
        }

        return await ExpectJson(await Post("/api/v1/custom-field-definitions", body.ToJsonString()), HttpStatusCode.Created);
    }

    /// <summary>A field of every type for <paramref name="entity"/>: note, income, fee, signed_on, purpose (home, car,
    /// other), docs (passport, snils, inn), vip, spouse_phone, work_email.</summary>
    protected async Task DefineEveryType(string entity)
    {
        await Define(entity, "note", "text");
        await Define(entity, "income", "number");
        await Define(entity, "fee", "money");
        await Define(entity, "signed_on", "date");
        await Define(entity, "purpose", "select", new { options = new[] { "home", "car", "other" } });
        await Define(entity, "docs", "multiselect", new { options = new[] { "passport", "snils", "inn" } });
        await Define(entity, "vip", "boolean");
        await Define(entity, "spouse_phone", "phone");
        await Define(entity, "work_email", "email");
    }

    protected static string Json(object body) => body as string ?? System.Text.Json.JsonSerializer.Serialize(body);

    /// <summary>A JSON request body, for requests sent with another client than <see cref="Http"/>.</summary>
    protected static StringContent Body(object body) => new(Json(body), Encoding.UTF8, "application/json");

    protected async Task<JsonObject> CreateClient(string? fullName = null, string? phone = null, string? email = null, string? city = null, string source = "partner")
    {
        var response = await Post("/api/v1/clients", new { fullName = fullName ?? "Иванов Иван Иванович", phone = phone ?? UniquePhone(), email, city, source });
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    /// <summary>Records the client's consent for the purpose (text version 2026-11), given <paramref name="givenAt"/>
    /// (a minute ago by default); its id.</summary>
    protected async Task<string> GiveConsent(
        string clientId,
        string purpose,
        DateTimeOffset? givenAt = null,
        string source = "form"
    ) =>
        Id(
            await ExpectJson(
                await Post(
                    "/api/v1/consents",
                    new
                    {
                        clientId,
                        purpose,
                        textVersion = "2026-11",
                        givenAt = givenAt ?? DateTimeOffset.UtcNow.AddMinutes(-1),
                        source,
                    }
                ),
                HttpStatusCode.Created
            )
        );

    protected async Task<JsonObject> CreateLead(string clientId, decimal amount = 1_000_000m, string product = "mortgage", string? status = null, string? comment = null)
    {
        var body = new Dictionary<string, object> { ["clientId"] = clientId, ["requestedAmount"] = amount, ["product"] = product };
        if (status is not null)
        {
            body["status"] = status;
        }

        if (comment is not null)
        {
            body["comment"] = comment;
        }

        var response = await Post("/api/v1/leads", body);
        return await ExpectJson(response, HttpStatusCode.Created);
    }

    protected static async Task<JsonObject> ExpectJson(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was {0}", text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and code, and returns it.</summary>
    protected static async Task<JsonObject> ExpectProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was {0}", text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonNode.Parse(text)!.AsObject();
        problem["code"]!.GetValue<string>().Should().Be(code);
        problem["status"]!.GetValue<int>().Should().Be((int)status);
        problem["type"]!.GetValue<string>().Should().Be($"urn:mak:problem:{code}");
        problem["title"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        problem["traceId"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{32}$");
        return problem;
    }

    protected static string[] FieldErrors(JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [];

    protected static string ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The response has no ETag.");

    protected static string Id(JsonObject resource) => resource["id"]!.GetValue<string>();

    /// <summary>Starts <paramref name="count"/> requests that wait at one gate, opens it, and returns every answer in order.</summary>
    protected static async Task<T[]> Together<T>(int count, Func<int, Task<T>> send)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            return await send(i);
        }).ToList();
        gate.SetResult();
        return await Task.WhenAll(requests);
    }

    /// <summary>Follows nextCursor from the first page to the last and returns every item's id, in order.</summary>
    protected async Task<List<string>> ListAllIds(string url, int limit)
    {
        var ids = new List<string>();
        string? cursor = null;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 0; page < 1000; page++)
        {
            var pageUrl = $"{url}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await ExpectJson(await Http.GetAsync(pageUrl), HttpStatusCode.OK);
            var items = body["items"]!.AsArray();
            items.Count.Should().BeLessThanOrEqualTo(limit);
            ids.AddRange(items.Select(i => i!["id"]!.GetValue<string>()));
            cursor = body["nextCursor"]?.GetValue<string>();
            if (cursor is null)
            {
                return ids;
            }
        }

        throw new InvalidOperationException("Paging did not end.");
    }
}
