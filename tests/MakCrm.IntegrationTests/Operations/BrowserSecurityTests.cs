using System.Net;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

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
}
