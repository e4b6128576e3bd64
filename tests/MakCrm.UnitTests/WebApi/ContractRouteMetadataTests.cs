using System.Text.Json.Nodes;
using MakCrm.WebApi.Http;
using MakCrm.WebApi.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace MakCrm.UnitTests.WebApi;

/// <summary>An endpoint's authorization, rate limit, tags, problem answers and If-Match, read from its operation in the contract.</summary>
public sealed class ContractRouteMetadataTests
{
    private const string Contract = """
        openapi: 3.0.3
        paths:
          /api/v1/things/{id}:
            parameters:
              - $ref: '#/components/parameters/IfMatch'
            patch:
              operationId: updateThing
              tags: [Things]
              x-permission: leads.write
              x-rate-limit: per-caller
              responses:
                '200': { description: ok, content: { application/json: { schema: { type: object } } } }
                '404': { $ref: '#/components/responses/NotFound' }
                '412': { description: stale, content: { application/problem+json: { schema: { type: object } } } }
          /api/v1/open:
            get:
              operationId: readOpenThing
              security: []
              x-rate-limit: per-address
              parameters:
                - { name: If-Match, in: header, schema: { type: string } }
              responses:
                '200': { description: ok, content: { text/plain: { schema: { type: string } } } }
        components:
          parameters:
            IfMatch: { name: If-Match, in: header, required: true, schema: { type: string } }
          responses:
            NotFound: { description: not found, content: { application/problem+json: { schema: { type: object } } } }
        """;

    private static JsonObject Parse(string yaml) => YamlToJson.Convert(yaml)!.AsObject();

    [Fact]
    public void A_guarded_operation_gets_its_policy_rate_limit_tags_problems_and_required_if_match()
    {
        var metadata = ContractRouteMetadata.Read(Parse(Contract))["updateThing"].Metadata;

        metadata.OfType<IAuthorizeData>().Should().ContainSingle().Which.Policy.Should().Be("leads.write");
        metadata.OfType<IAllowAnonymous>().Should().BeEmpty();
        metadata.OfType<RateLimitedMetadata>().Should().ContainSingle().Which.Should().BeSameAs(RateLimitedMetadata.PerCaller);
        metadata.OfType<ITagsMetadata>().Should().ContainSingle().Which.Tags.Should().Equal("Things");
        metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).Should().BeEquivalentTo([404, 412]);
        metadata.OfType<IfMatchRequiredMetadata>().Should().ContainSingle();
    }

    [Fact]
    public void An_anonymous_operation_is_allowed_anonymously_and_an_optional_if_match_is_not_required()
    {
        var metadata = ContractRouteMetadata.Read(Parse(Contract))["readOpenThing"].Metadata;

        metadata.OfType<IAllowAnonymous>().Should().ContainSingle();
        metadata.OfType<IAuthorizeData>().Should().BeEmpty();
        metadata.OfType<RateLimitedMetadata>().Should().ContainSingle().Which.Should().BeSameAs(RateLimitedMetadata.PerAddress);
        metadata.OfType<IProducesResponseTypeMetadata>().Should().BeEmpty();
        metadata.OfType<IfMatchRequiredMetadata>().Should().BeEmpty();
    }

    [Theory]
    [InlineData("x-rate-limit: per-caller", "says neither x-permission nor security: []")]
    [InlineData("x-permission: leads.fly", "'leads.fly' is no permission policy")]
    [InlineData("x-permission: leads.write\n      security: []", "an anonymous operation (security: []) names no x-permission")]
    [InlineData("x-permission: leads.write\n      x-rate-limit: per-planet", "'per-planet' is neither per-caller nor per-address")]
    public void An_operation_that_does_not_say_who_may_call_it_or_says_it_wrongly_stops_the_server(string lines, string message)
    {
        var contract = $$"""
            openapi: 3.0.3
            paths:
              /api/v1/things:
                get:
                  operationId: listThings
                  {{lines}}
                  responses:
                    '200': { description: ok }
            """;

        var read = () => ContractRouteMetadata.Read(Parse(contract));

        read.Should().Throw<InvalidOperationException>().WithMessage($"listThings: *{message}*");
    }

    [Fact]
    public void Every_operation_of_the_shipped_contract_says_who_may_call_it()
    {
        var contract = Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "api-spec", "openapi.yaml")));
        var oauth = new[] { "requestToken", "revokeToken", "getAuthorizationServerMetadata", "getJsonWebKeySet" };
        var apiOnly = contract.DeepClone().AsObject();
        foreach (var (path, _) in contract["paths"]!.AsObject().Where(p => p.Key.StartsWith("/connect/", StringComparison.Ordinal) || p.Key.StartsWith("/.well-known/", StringComparison.Ordinal)))
        {
            apiOnly["paths"]!.AsObject().Remove(path);
        }

        var operations = ContractRouteMetadata.Read(apiOnly);

        operations.Should().HaveCountGreaterThan(250);
        operations.Keys.Should().NotContain(oauth);
        operations.Values.Should().OnlyContain(o => o.Metadata.OfType<IAuthorizeData>().Count() + o.Metadata.OfType<IAllowAnonymous>().Count() == 1);
    }
}
