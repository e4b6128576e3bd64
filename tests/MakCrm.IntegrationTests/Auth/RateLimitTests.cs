using System.Net;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>A server whose token endpoint allows 3 requests a minute per address.</summary>
public sealed class StrictRateLimitServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:RateLimits:TokenRequestsPerMinute"] = "3" });

/// <summary>A server whose API allows each caller 5 requests a minute.</summary>
public sealed class StrictApiRateLimitServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:RateLimits:ApiRequestsPerMinute"] = "5" });

/// <summary>A server that allows 3 password sign-ins a minute per username (and many per address).</summary>
public sealed class StrictUsernameRateLimitServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:RateLimits:SignInsPerUsernamePerMinute"] = "3" });

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

    [Fact]
    public async Task Every_answer_says_what_is_left_of_the_limit_and_when_it_resets()
    {
        using var caller = server.CreateHttpClient(await server.AccessTokenAsync(TestActor.Franchisee));

        var remaining = new List<int>();
        HttpResponseMessage response;
        do
        {
            response = await caller.GetAsync("/api/v1/clients");
            response.Headers.GetValues("RateLimit-Policy").Should().Equal("\"api\";q=5;w=60");
            var (left, reset) = ParseRateLimit(response.Headers.GetValues("RateLimit").Single(), "api");
            reset.Should().BeInRange(1, 60);
            remaining.Add(left);
        }
        while (response.StatusCode == HttpStatusCode.OK);

        remaining.Should().Equal(4, 3, 2, 1, 0, 0);
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var retryAfter = (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        retryAfter.Should().Be(ParseRateLimit(response.Headers.GetValues("RateLimit").Single(), "api").Reset, "Retry-After is when the window resets");
    }

    [Fact]
    public async Task A_request_refused_by_authorization_costs_no_quota_and_says_nothing_of_it()
    {
        using var caller = server.CreateHttpClient(await server.AccessTokenAsync(TestActor.Employee));

        for (var i = 0; i < 6; i++)
        {
            var refused = await caller.GetAsync("/api/v1/audit-events");
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, "an employee may not read the audit log");
            refused.Headers.Contains("RateLimit").Should().BeFalse();
        }

        var allowed = await caller.GetAsync("/api/v1/clients");
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        ParseRateLimit(allowed.Headers.GetValues("RateLimit").Single(), "api").Remaining.Should().Be(4, "the refused requests took nothing from the quota of 5");
    }

    internal static (int Remaining, int Reset) ParseRateLimit(string field, string policy)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, $"^\"{policy}\";r=(\\d+);t=(\\d+)$");
        match.Success.Should().BeTrue($"{field} is a RateLimit item of the {policy} policy");
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class UsernameRateLimitTests(StrictUsernameRateLimitServer server) : IClassFixture<StrictUsernameRateLimitServer>
{
    [Fact]
    public async Task Password_sign_ins_are_limited_per_username_whatever_the_spelling_and_other_users_are_not_affected()
    {
        using var http = server.CreateHttpClient();
        var target = $"target-{Guid.NewGuid():N}@test.mak";
        var spellings = new[] { target, target.ToUpperInvariant(), target, target };

        var answers = new List<HttpResponseMessage>();
        foreach (var username in spellings)
        {
            answers.Add(await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = "mak-cabinet", ["username"] = username, ["password"] = "Wrong-Password-1",
            })));
        }

        answers.Take(3).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.BadRequest, "wrong passwords, within the limit");
        var limited = answers[3];
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeGreaterThan(0);
        limited.Headers.GetValues("RateLimit-Policy").Should().Contain("\"username\";q=3;w=60");
        ApiRateLimitTests.ParseRateLimit(limited.Headers.GetValues("RateLimit").Single(v => v.StartsWith("\"username\"", StringComparison.Ordinal)), "username").Remaining.Should().Be(0);
        (await limited.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"too_many_requests\"");

        // The same address may still sign in as somebody else.
        (await server.PasswordGrantAsync(TestActor.Employee.Email(), TestActors.Password)).GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
    }
}
