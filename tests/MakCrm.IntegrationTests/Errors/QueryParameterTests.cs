using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Identity;
using MakCrm.IntegrationTests.Auth;
using MakCrm.IntegrationTests.Contract;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using MakCrm.WebApi.OpenApi;

namespace MakCrm.IntegrationTests.Errors;

/// <summary>
/// A query parameter the operation does not take is a 400 naming it, not silently ignored; every parameter the
/// contract declares, which is all a generated client sends, still reaches the operation.
/// </summary>
public sealed class QueryParameterTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task An_unknown_query_parameter_is_a_problem_naming_it_instead_of_an_unfiltered_list()
    {
        var client = await CreateClient();
        await CreateLead(Id(client));

        var problem = await ExpectProblem(
            await Http.GetAsync($"/api/v1/leads?ownerId={Guid.CreateVersion7()}&tag=vip&limit=5"),
            HttpStatusCode.BadRequest, "validation_failed");

        FieldErrors(problem, "ownerId").Should().Equal(QueryParameterCheck.Message);
        FieldErrors(problem, "tag").Should().Equal(QueryParameterCheck.Message);
        problem["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("ownerId", "tag");
    }

    [Fact]
    public async Task An_operation_without_query_parameters_refuses_one_and_writes_nothing()
    {
        var response = await Send(HttpMethod.Post, "/api/v1/clients?dryRun=true", Json(new { fullName = "Петров Пётр", phone = UniquePhone(), source = "partner" }));

        var problem = await ExpectProblem(response, HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, "dryRun").Should().Equal(QueryParameterCheck.Message);
        (await ListAllIds("/api/v1/clients", 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_known_query_parameter_still_filters_whatever_its_case()
    {
        var client = await CreateClient();
        var mortgage = await CreateLead(Id(client), product: "mortgage");
        await CreateLead(Id(client), product: "consumer");

        foreach (var query in new[] { "product=mortgage", "Product=mortgage&LIMIT=10" })
        {
            var page = await ExpectJson(await Http.GetAsync($"/api/v1/leads?{query}"), HttpStatusCode.OK);
            page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Should().Equal(Id(mortgage));
        }
    }

    /// <summary>
    /// Every query parameter of every operation, sent as a generated client sends it, gets past the check: whatever
    /// the answer (a page, a 404 for a made-up id, a value the operation refuses), it never calls the name unknown.
    /// </summary>
    [Fact]
    public async Task Every_query_parameter_the_contract_declares_is_taken()
    {
        var contract = ContractFile.Load();
        var checkedParameters = 0;
        foreach (var (path, item) in contract["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Value is JsonObject { } op && op["operationId"] is not null))
            {
                var names = (item["parameters"]?.AsArray() ?? []).Concat(operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(contract, p!))
                    .Where(p => p["in"]!.GetValue<string>() == "query")
                    .Select(p => p["name"]!.GetValue<string>())
                    .ToList();
                if (names.Count == 0)
                {
                    continue;
                }

                var url = string.Join('/', path.Split('/').Select(s => s.StartsWith('{') ? Guid.CreateVersion7().ToString() : s))
                    + "?" + string.Join('&', names.Select(n => $"{n}=1"));
                var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url));
                var text = await response.Content.ReadAsStringAsync();

                ((int)response.StatusCode).Should().BeLessThan(500, "{0} {1} answered {2}", method, url, text);
                text.Should().NotContain(QueryParameterCheck.Message, "{0} {1} declares every parameter it was sent", method, url);
                checkedParameters += names.Count;
            }
        }

        checkedParameters.Should().BeGreaterThan(100);
    }

    [Fact]
    public async Task The_token_endpoint_ignores_an_unknown_query_parameter_as_oauth_requires()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token?prompt=none")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = FirstPartyClients.Cabinet,
                ["username"] = TestActor.PartnerAlpha.Email(),
                ["password"] = TestActors.Password,
            }),
        };

        await ExpectTokens(await Anonymous.SendAsync(request));
    }

    [Fact]
    public async Task Endpoints_outside_the_contract_are_not_checked()
    {
        (await Anonymous.GetAsync("/health/live?probe=kubelet")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Anonymous.GetAsync($"{ContractDocument.YamlPath}?v=2")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static JsonNode Resolve(JsonObject contract, JsonNode node) =>
        node["$ref"]?.GetValue<string>() is { } reference
            ? reference["#/".Length..].Split('/').Aggregate((JsonNode)contract, (current, segment) => current[segment]!)
            : node;
}
