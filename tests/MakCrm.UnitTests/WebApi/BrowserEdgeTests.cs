using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.OpenApi;

namespace MakCrm.UnitTests.WebApi;

/// <summary>The CORS lists and the deprecation notices, read from contract documents.</summary>
public sealed class BrowserEdgeTests
{
    /// <summary>The contract the server ships (the build copies api-spec/openapi.yaml beside it, and beside these tests).</summary>
    private static JsonObject ShippedContract() =>
        YamlToJson.Convert(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "api-spec", "openapi.yaml")))!.AsObject();

    private const string Fragment = """
        openapi: 3.0.3
        paths:
          /api/v1/things/{id}:
            parameters:
              - $ref: '#/components/parameters/TraceTag'
            get:
              operationId: getThing
              parameters:
                - { name: If-None-Match, in: header, schema: { type: string } }
                - { name: id, in: path, required: true, schema: { type: string } }
              responses:
                '200':
                  description: ok
                  headers:
                    ETag: { $ref: '#/components/headers/ETag' }
                    X-Thing-Count: { schema: { type: integer } }
                '429': { $ref: '#/components/responses/Slow' }
            patch:
              operationId: updateThing
              tags: [Things and stuff]
              deprecated: true
              x-deprecated-at: '2026-01-15'
              x-sunset: '2026-07-15'
              parameters:
                - { name: If-Match, in: header, required: true, schema: { type: string } }
                - { name: verbose, in: query, schema: { type: boolean } }
              responses:
                '204': { description: done }
          /api/v1/old-things:
            get:
              operationId: listOldThings
              deprecated: true
              x-deprecated-at: '2026-01-15'
              x-sunset: '2027-01-15'
              externalDocs: { url: 'https://docs.example/old-things' }
              responses:
                '200': { description: ok }
        components:
          parameters:
            TraceTag: { name: X-Trace-Tag, in: header, schema: { type: string } }
          headers:
            ETag: { schema: { type: string } }
          responses:
            Slow:
              description: too many
              headers:
                Retry-After: { schema: { type: integer } }
        """;

    private static JsonObject Parse(string yaml) => YamlToJson.Convert(yaml)!.AsObject();

    [Fact]
    public void Header_parameters_of_paths_and_operations_are_request_headers_refs_resolved() =>
        ContractHeaders.RequestHeaders(Parse(Fragment)).Should().BeEquivalentTo("If-Match", "If-None-Match", "X-Trace-Tag");

    [Fact]
    public void Headers_of_responses_and_referenced_responses_are_response_headers() =>
        ContractHeaders.ResponseHeaders(Parse(Fragment)).Should().BeEquivalentTo("ETag", "Retry-After", "X-Thing-Count");

    [Fact]
    public void The_methods_are_the_paths_methods() =>
        ContractHeaders.HttpMethods(Parse(Fragment)).Should().BeEquivalentTo("GET", "PATCH");

    [Fact]
    public void A_header_added_to_a_contract_is_allowed_and_exposed_with_the_transport_ones()
    {
        var contract = Parse(Fragment);

        CabinetCors.AllowedHeaders(contract).Should().Contain(["X-Trace-Tag", "If-None-Match", "Authorization", "Content-Type", "Accept"]);
        CabinetCors.ExposedHeaders(contract).Should().Contain(["X-Thing-Count", "ETag", "RateLimit", "RateLimit-Policy", "Retry-After", "Deprecation", "Sunset", "Link"]);
    }

    [Fact]
    public void Every_header_parameter_and_response_header_of_the_shipped_contract_is_allowed_or_exposed()
    {
        var contract = ShippedContract();
        var requestHeaders = ContractHeaders.RequestHeaders(contract);
        var responseHeaders = ContractHeaders.ResponseHeaders(contract);

        requestHeaders.Should().Contain(["If-Match", "If-None-Match", "Idempotency-Key"]);
        responseHeaders.Should().Contain(["ETag", "Location", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate"]);
        CabinetCors.AllowedHeaders(contract).Should().Contain(requestHeaders).And.Contain(["Authorization", "Content-Type", "Accept"]);
        CabinetCors.ExposedHeaders(contract).Should().Contain(responseHeaders)
            .And.Contain(["RateLimit", "RateLimit-Policy", "Deprecation", "Sunset", "Link"]);
    }

    [Fact]
    public void A_deprecated_operation_gets_rfc_9745_and_8594_headers_and_a_link()
    {
        var notices = DeprecationNotices.From(Parse(Fragment));

        notices.For("getThing").Should().BeNull();
        notices.For("updateThing").Should().Be(new DeprecationNotice(
            "@" + new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            "Wed, 15 Jul 2026 00:00:00 GMT",
            "</swagger/index.html#/Things_and_stuff/updateThing>; rel=\"deprecation\"; type=\"text/html\""));
        notices.For("listOldThings")!.Link.Should().Be("<https://docs.example/old-things>; rel=\"deprecation\"; type=\"text/html\"");
    }

    [Theory]
    [InlineData("x-deprecated-at: '2026-01-15'", "updateThing: a deprecated operation needs x-sunset")]
    [InlineData("x-sunset: '2026-07-15'", "updateThing: a deprecated operation needs x-deprecated-at")]
    [InlineData("x-deprecated-at: '15.01.2026'\n      x-sunset: '2026-07-15'", "updateThing: a deprecated operation needs x-deprecated-at, a date")]
    [InlineData("x-deprecated-at: '2026-01-15'\n      x-sunset: '2026-07-14'", "updateThing: x-sunset must be at least 6 months after x-deprecated-at")]
    public void A_deprecated_operation_needs_both_dates_six_months_apart(string dates, string problem)
    {
        var yaml = Fragment.Replace("x-deprecated-at: '2026-01-15'\n      x-sunset: '2026-07-15'", dates, StringComparison.Ordinal);
        var contract = Parse(yaml);

        DeprecationNotices.Problems(contract).Should().ContainSingle().Which.Should().StartWith(problem);
        FluentActions.Invoking(() => DeprecationNotices.From(contract)).Should().Throw<InvalidOperationException>().WithMessage($"*{problem}*");
    }

    [Fact]
    public void Dates_on_an_operation_that_is_not_deprecated_are_a_mistake()
    {
        var yaml = Fragment.Replace("      deprecated: true\n      x-deprecated-at: '2026-01-15'\n      x-sunset: '2026-07-15'", "      x-sunset: '2026-07-15'", StringComparison.Ordinal);

        DeprecationNotices.Problems(Parse(yaml)).Should().Equal("updateThing: x-deprecated-at and x-sunset are only for an operation with deprecated: true.");
    }

    private const string OldParameter =
        "{ name: verbose, in: query, deprecated: true, x-deprecated-at: '2026-01-15', x-sunset: '2026-07-15', "
        + "x-replaced-by: detail, schema: { type: boolean } }\n"
        + "        - { name: detail, in: query, schema: { type: boolean } }";

    // The fragment with updateThing no longer deprecated and its verbose parameter deprecated instead, for detail.
    private static string WithOldParameter() =>
        Fragment
            .Replace("{ name: verbose, in: query, schema: { type: boolean } }", OldParameter, StringComparison.Ordinal)
            .Replace(
                "      deprecated: true\n      x-deprecated-at: '2026-01-15'\n      x-sunset: '2026-07-15'\n",
                "",
                StringComparison.Ordinal);

    private static QueryCollection Query(string name) => new(new Dictionary<string, StringValues> { [name] = "true" });

    [Fact]
    public void A_deprecated_query_parameter_gives_its_notice_to_the_requests_that_send_it()
    {
        var notices = DeprecationNotices.From(Parse(WithOldParameter()));

        notices.For("updateThing").Should().BeNull();
        notices.For("updateThing", Query("detail")).Should().BeNull();
        notices.For("updateThing", Query("verbose")).Should().Be(new DeprecationNotice(
            "@" + new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            "Wed, 15 Jul 2026 00:00:00 GMT",
            "</swagger/index.html#/Things_and_stuff/updateThing>; rel=\"deprecation\"; type=\"text/html\""));
    }

    private const string Verbose = "updateThing parameter verbose: ";

    [Theory]
    [InlineData("x-sunset: '2026-07-15'", "x-sunset: '2026-07-14'", "x-sunset must be at least 6 months")]
    [InlineData("x-sunset: '2026-07-15', ", "", "a deprecated parameter needs x-sunset")]
    [InlineData("x-replaced-by: detail", "x-replaced-by: nothing", "x-replaced-by names another query parameter")]
    [InlineData("deprecated: true, ", "", "x-deprecated-at and x-sunset are only for a parameter")]
    public void A_deprecated_query_parameter_is_checked_as_an_operation_is(string from, string to, string problem)
    {
        var contract = Parse(WithOldParameter().Replace(from, to, StringComparison.Ordinal));

        DeprecationNotices.Problems(contract)
            .Should().Contain(p => p.StartsWith(Verbose + problem, StringComparison.Ordinal));
        FluentActions.Invoking(() => DeprecationNotices.From(contract)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void The_shipped_contract_marks_its_deprecated_operations_correctly() =>
        DeprecationNotices.Problems(ShippedContract()).Should().BeEmpty();
}
