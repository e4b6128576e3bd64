using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using MakCrm.WebApi.OpenApi;

namespace MakCrm.IntegrationTests.Contract;

/// <summary>
/// api-spec/openapi.yaml is the source of truth. These tests start the server, read the OpenAPI document it
/// generates from its own endpoints and types, and fail on any difference in paths, methods, operationIds,
/// parameters, request and response schemas or status codes.
/// </summary>
public sealed class ContractDriftTests(ApiServerFixture server) : ApiTest(server)
{
    [Fact]
    public async Task The_server_implements_exactly_the_contract()
    {
        var spec = ContractShape.Operations(ContractFile.Load());
        var runtime = ContractShape.Operations(await LoadRuntimeDocument());

        var differences = ContractShape.Differences(spec, runtime);

        differences
            .Should()
            .BeEmpty(
                "api-spec/openapi.yaml is the contract; change the server or the contract (and regenerate the "
                    + "clients) until they agree:\n{0}",
                string.Join("\n", differences)
            );
        spec.Should().NotBeEmpty();
    }

    [Fact]
    public void The_contract_lists_every_error_code_the_server_uses()
    {
        var listed = ContractFile.Load()["components"]!["schemas"]!["Problem"]!["properties"]!["code"]![
            "description"
        ]!.GetValue<string>();
        var codes = typeof(MakCrm.Domain.Common.ErrorCodes)
            .GetFields()
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        codes.Should().NotBeEmpty();
        codes
            .Where(code => !listed.Contains($"`{code}`", StringComparison.Ordinal))
            .Should()
            .BeEmpty("clients branch on these codes, so the contract names them all");
    }

    [Fact]
    public void The_contracts_code_list_is_the_error_catalogue()
    {
        var description = ContractFile.Load()["components"]!["schemas"]!["Problem"]!["properties"]!["code"]![
            "description"
        ]!.GetValue<string>();
        var listed = System
            .Text.RegularExpressions.Regex.Matches(description, "`([a-z_]+)`")
            .Select(m => m.Groups[1].Value)
            .ToList();

        listed.Should().OnlyHaveUniqueItems();
        listed
            .Except(MakCrm.Domain.Common.ErrorCodes.Titles.Keys)
            .Should()
            .BeEmpty("the contract names no code the server does not have");
        MakCrm
            .Domain.Common.ErrorCodes.Titles.Keys.Except(listed)
            .Should()
            .BeEmpty("clients branch on these codes, so the contract names them all");
    }

    [Fact]
    public void The_contract_lists_every_event_type_with_the_schema_of_what_it_carries()
    {
        var schemas = ContractFile.Load()["components"]!["schemas"]!.AsObject();
        var listed = schemas["EventType"]!["enum"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        var payloads = schemas["Event"]!["x-event-payloads"]!.AsObject();

        listed
            .Should()
            .Equal(
                MakCrm.Domain.Events.EventTypes.All.Select(t => t.Name),
                "the catalogue and the contract list the same types, in one order"
            );
        payloads.Select(p => p.Key).Should().Equal(listed);
        foreach (var (type, schema) in payloads)
        {
            var name = schema!.GetValue<string>().Replace("#/components/schemas/", "", StringComparison.Ordinal);
            schemas.ContainsKey(name).Should().BeTrue($"{type} carries {name}");
            (name == "DeletedResource")
                .Should()
                .Be(
                    MakCrm.Domain.Events.EventTypes.Find(type)!.IsDeletion,
                    $"{type} carries a deletion exactly when it is one"
                );
        }
    }

    // The runtime document takes a list's sorts from the catalog its endpoint names; this asks each list itself, so a
    // handler validating with another catalog than its endpoint names is caught too.
    [Fact]
    public async Task Every_list_accepts_exactly_the_sorts_the_contract_names()
    {
        var contract = ContractFile.Load();
        var lists = 0;
        foreach (var (path, item) in contract["paths"]!.AsObject())
        {
            var operation = item!["get"];
            var sort = operation
                ?["parameters"]?.AsArray()
                .FirstOrDefault(p => p!["name"]?.GetValue<string>() == "sort");
            if (sort is null)
            {
                continue;
            }

            var reference = sort["schema"]!["$ref"]!.GetValue<string>();
            var sorts = contract["components"]!["schemas"]![reference.Split('/')[^1]]!["enum"]!
                .AsArray()
                .Select(v => v!.GetValue<string>())
                .ToList();
            foreach (var value in sorts)
            {
                (await Http.GetAsync($"{path}?sort={Uri.EscapeDataString(value)}&limit=1"))
                    .StatusCode.Should()
                    .Be(HttpStatusCode.OK, "{0} names the sort {1}", path, value);
            }

            var refused = await ExpectProblem(
                await Http.GetAsync($"{path}?sort=id"),
                HttpStatusCode.BadRequest,
                "validation_failed"
            );
            FieldErrors(refused, "sort")
                .Should()
                .ContainSingle("{0} offers the contract's sorts", path)
                .Which.Should()
                .Be($"Must be one of: {string.Join(", ", sorts)}.");
            lists++;
        }

        lists.Should().BeGreaterThan(10);
    }

    [Fact]
    public async Task A_deprecated_operation_names_its_deprecation_date_and_its_sunset_six_months_later()
    {
        // The lint of the contract: deprecated: true needs x-deprecated-at and x-sunset (docs/api-versioning.md).
        DeprecationNotices.Problems(ContractFile.Load()).Should().BeEmpty();

        // No operation is deprecated today, so an answer that uses no deprecated parameter carries no notice
        // (DeprecationHeaderTests shows an operation that does; TasksApiTests a deprecated parameter).
        var response = await Http.GetAsync("/api/v1/clients");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains(DeprecationNotices.DeprecationHeader).Should().BeFalse();
    }

    [Fact]
    public async Task The_served_contract_is_api_spec_with_this_server_as_its_server()
    {
        var yaml = await Http.GetStringAsync(ContractDocument.YamlPath);
        yaml.Should().Be(await File.ReadAllTextAsync(ContractFile.Path()));

        var json = JsonNode.Parse(await Http.GetStringAsync(ContractDocument.JsonPath))!.AsObject();
        json["servers"]![0]!["url"]!.GetValue<string>().Should().Be(Server.BaseAddress.ToString().TrimEnd('/'));
        ContractShape
            .Differences(ContractShape.Operations(json), ContractShape.Operations(ContractFile.Load()))
            .Should()
            .BeEmpty();
    }

    [Fact]
    public async Task Swagger_ui_is_served_and_points_at_the_contract()
    {
        var page = await Http.GetAsync("/swagger/index.html");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var config = await Http.GetStringAsync("/swagger/index.js");
        config.Should().Contain(ContractDocument.JsonPath);
    }

    // The comparison itself must notice drift, or the test above could pass by accident.
    [Theory]
    [InlineData("a property changes type", "$.components.schemas.Client.properties.fullName", """{"type":"integer"}""")]
    [InlineData("a property disappears", "$.components.schemas.Lead.properties.comment", null)]
    [InlineData(
        "a field becomes nullable",
        "$.components.schemas.Lead.properties.clientId",
        """{"type":"string","format":"uuid","nullable":true}"""
    )]
    [InlineData(
        "an enum gains a value",
        "$.components.schemas.LoanProduct",
        """{"type":"string","enum":["mortgage","other"]}"""
    )]
    [InlineData(
        "a list loses a sort",
        "$.components.schemas.ClientSort",
        """{"type":"string","enum":["createdAt","-createdAt"]}"""
    )]
    [InlineData("a status code is added", "$.paths./api/v1/leads.post.responses.409", """{"description":"x"}""")]
    [InlineData("an operation is renamed", "$.paths./api/v1/leads.get.operationId", "\"findLeads\"")]
    [InlineData("a parameter becomes required", "$.components.parameters.Limit.required", "true")]
    [InlineData(
        "a request body type changes",
        "$.components.schemas.CreateLeadRequest.properties.clientId",
        """{"type":"string"}"""
    )]
    [InlineData(
        "a tagged union's variant changes a property's type",
        "$.components.schemas.TimelineCommentItem.properties.text",
        """{"type":"integer"}"""
    )]
    [InlineData(
        "a tagged union gains a kind",
        "$.components.schemas.TimelineLedgerItem.properties.kind",
        """{"type":"string","enum":["ledger","other"]}"""
    )]
    [InlineData(
        "a tagged union's variant loses a property",
        "$.components.schemas.TimelineTaskItem.properties.text",
        null
    )]
    public void The_comparison_detects_drift(string change, string path, string? replacement)
    {
        var original = ContractFile.Load();
        var mutated = ContractFile.Load();
        Set(mutated, path, replacement is null ? null : JsonNode.Parse(replacement));

        var differences = ContractShape.Differences(
            ContractShape.Operations(original),
            ContractShape.Operations(mutated)
        );

        differences.Should().NotBeEmpty("the comparison must notice when {0}", change);
    }

    private async Task<JsonObject> LoadRuntimeDocument()
    {
        var response = await Http.GetAsync("/openapi/runtime.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static void Set(JsonObject document, string path, JsonNode? value)
    {
        // Paths here are "$.a.b.c" where the path keys of `paths` contain slashes but no dots.
        var segments = path[2..].Split('.');
        JsonNode current = document;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = current[segments[i]] ?? throw new InvalidOperationException($"No {segments[i]} in {path}");
        }

        var parent = current.AsObject();
        if (value is null)
        {
            parent.Remove(segments[^1]).Should().BeTrue();
        }
        else
        {
            parent[segments[^1]] = value;
        }
    }
}
