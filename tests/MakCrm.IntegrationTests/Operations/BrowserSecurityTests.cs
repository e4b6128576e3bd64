using System.Net;
using MakCrm.IntegrationTests.Contract;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using MakCrm.WebApi.OpenApi;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>A server that lets one cabinet origin call it from a browser.</summary>
public sealed class CabinetOriginServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Cors:AllowedOrigins:0"] = "https://cabinet.mak.example" });

public sealed class BrowserSecurityTests(CabinetOriginServer server) : ApiTest(server), IClassFixture<CabinetOriginServer>
{
    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var response = await Http.GetAsync("/api/v1/clients");

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().StartWith("default-src 'none'");
    }

    [Fact]
    public async Task A_configured_origin_may_call_the_api_and_read_the_etag()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/leads/0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11");
        preflight.Headers.Add("Origin", "https://cabinet.mak.example");
        preflight.Headers.Add("Access-Control-Request-Method", "PATCH");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, if-match");

        var answer = await Http.SendAsync(preflight);

        answer.StatusCode.Should().Be(HttpStatusCode.NoContent);
        answer.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://cabinet.mak.example");
        answer.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("PATCH");
        answer.Headers.GetValues("Access-Control-Allow-Headers").Single().ToLowerInvariant().Should().Contain("if-match");

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clients");
        get.Headers.Add("Origin", "https://cabinet.mak.example");
        var response = await Http.SendAsync(get);
        response.Headers.GetValues("Access-Control-Expose-Headers").Single().Should().Contain("ETag");
    }

    [Fact]
    public async Task Any_other_origin_gets_no_cors_permission()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/clients");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        var answer = await Http.SendAsync(preflight);

        answer.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    [Fact]
    public async Task A_preflight_allows_every_header_parameter_of_the_contract_and_is_cached()
    {
        var contractHeaders = ContractHeaders.RequestHeaders(ContractFile.Load());
        contractHeaders.Should().Contain(["Idempotency-Key", "If-None-Match", "If-Match"]);
        string[] wanted = [.. contractHeaders, "Authorization", "Content-Type", "Accept"];
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/lots/0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11/bids");
        preflight.Headers.Add("Origin", "https://cabinet.mak.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", string.Join(", ", wanted.Select(h => h.ToLowerInvariant())));

        var answer = await Http.SendAsync(preflight);

        answer.StatusCode.Should().Be(HttpStatusCode.NoContent);
        answer.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://cabinet.mak.example");
        var allowed = answer.Headers.GetValues("Access-Control-Allow-Headers").SelectMany(v => v.Split(',')).Select(h => h.Trim().ToLowerInvariant());
        allowed.Should().Contain(wanted.Select(h => h.ToLowerInvariant()));
        answer.Headers.GetValues("Access-Control-Max-Age").Should().Equal("3600");
    }

    [Fact]
    public async Task An_answer_to_a_configured_origin_exposes_every_response_header_of_the_contract()
    {
        var contractHeaders = ContractHeaders.ResponseHeaders(ContractFile.Load());
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clients");
        get.Headers.Add("Origin", "https://cabinet.mak.example");

        var response = await Http.SendAsync(get);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("RateLimit").Should().BeTrue();
        var exposed = response.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(v => v.Split(',')).Select(h => h.Trim()).ToList();
        exposed.Should().Contain(contractHeaders)
            .And.Contain(["ETag", "Location", "Retry-After", "RateLimit", "RateLimit-Policy", "Idempotent-Replayed", "WWW-Authenticate", "Deprecation", "Sunset", "Link"]);
    }

    [Fact]
    public async Task Another_origin_gets_no_permission_for_a_bid_with_an_idempotency_key()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/lots/0192f0c1-6c3e-7a51-9d43-3b1f0e2a9c11/bids");
        preflight.Headers.Add("Origin", "https://cabinet.mak.example.evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type, idempotency-key");

        var answer = await Http.SendAsync(preflight);

        answer.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        answer.Headers.Contains("Access-Control-Allow-Headers").Should().BeFalse();
    }
}
