using System.Net;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>A server whose token endpoint allows 3 requests a minute per address.</summary>
public sealed class StrictRateLimitServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:RateLimits:TokenRequestsPerMinute"] = "3" });

/// <summary>A server whose API allows each caller 5 requests a minute.</summary>
public sealed class StrictApiRateLimitServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:RateLimits:ApiRequestsPerMinute"] = "5" });

public sealed class RateLimitTests(StrictRateLimitServer server) : IClassFixture<StrictRateLimitServer>
{
    [Fact]
    public async Task The_token_endpoint_answers_429_with_retry_after_past_its_limit()
    {
        using var http = server.CreateHttpClient();
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = "mak-cabinet", ["username"] = "x@test.mak", ["password"] = "Wrong-Password-1" };

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        limited.Should().NotBeNull("the limit is 3 a minute, and the fixture itself signed in its actors before: {0}", string.Join(",", statuses));
        limited!.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeGreaterThan(0);
        limited.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await limited.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"too_many_requests\"");

        // Health checks are not limited.
        (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class ApiRateLimitTests(StrictApiRateLimitServer server) : IClassFixture<StrictApiRateLimitServer>
{
    [Fact]
    public async Task The_api_limits_each_caller_separately()
    {
        using var busy = server.CreateHttpClient(await server.AccessTokenAsync(TestActor.PartnerAlpha));
        using var other = server.CreateHttpClient(await server.AccessTokenAsync(TestActor.PartnerBeta));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await busy.GetAsync("/api/v1/leads")).StatusCode);
        }

        statuses.Take(5).Should().OnlyContain(s => s == HttpStatusCode.OK);
        statuses.Skip(5).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests);
        var limited = await busy.GetAsync("/api/v1/clients");
        limited.Headers.RetryAfter.Should().NotBeNull();
        (await limited.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"too_many_requests\"");
        (await other.GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.OK, "another caller has a limit of its own");
    }
}
