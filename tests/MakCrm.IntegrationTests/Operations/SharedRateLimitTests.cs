using System.Net;
using MakCrm.IntegrationTests.Auth;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>A server behind a balancer on its own machine whose limits are small: 200 API requests a minute per
/// caller, 3 token requests per client address, 4 password sign-ins per username.</summary>
public sealed class SharedRateLimitServer()
    : ApiServerFixture(
        new Dictionary<string, string>
        {
            ["Mak:ForwardedHeaders:Enabled"] = "true",
            ["Mak:RateLimits:ApiRequestsPerMinute"] = "200",
            ["Mak:RateLimits:TokenRequestsPerMinute"] = "3",
            ["Mak:RateLimits:SignInsPerUsernamePerMinute"] = "4",
        }
    );

/// <summary>Two instances of the API on one database enforce one quota per key between them.</summary>
public sealed class SharedRateLimitTests(SharedRateLimitServer server) : IClassFixture<SharedRateLimitServer>
{
    [Fact]
    public async Task Two_instances_accept_one_callers_quota_between_them_however_their_requests_interleave()
    {
        var token = await server.AccessTokenAsync(TestActor.PartnerBeta);
        await using var second = server.StartSecondInstance();
        using var onFirst = server.CreateHttpClient(token);
        using var onSecond = second.CreateHttpClient(token);

        // 130 requests to each instance, 8 in flight at a time, half of them on each.
        var answers = new List<(int Instance, HttpStatusCode Status, TimeSpan? RetryAfter)>();
        for (var round = 0; round < 260 / 8 + 1; round++)
        {
            var batch = Enumerable
                .Range(0, Math.Min(8, 260 - answers.Count))
                .Select(async i =>
                {
                    var instance = i % 2;
                    using var response = await (instance == 0 ? onFirst : onSecond).GetAsync("/api/v1/leads");
                    return (instance, response.StatusCode, response.Headers.RetryAfter?.Delta);
                });
            answers.AddRange(await Task.WhenAll(batch));
        }

        answers.Should().HaveCount(260);
        answers
            .Count(a => a.Status == HttpStatusCode.OK)
            .Should()
            .Be(200, "the quota of 200 is the caller's, not each instance's");
        answers
            .Where(a => a.Status != HttpStatusCode.OK)
            .Should()
            .OnlyContain(a => a.Status == HttpStatusCode.TooManyRequests && a.RetryAfter > TimeSpan.Zero);
        answers
            .Count(a => a.Instance == 0 && a.Status == HttpStatusCode.OK)
            .Should()
            .BeInRange(50, 150, "both instances served the caller");
    }

    [Fact]
    public async Task Password_sign_ins_of_one_username_are_limited_across_instances()
    {
        await using var second = server.StartSecondInstance();
        using var onFirst = server.CreateHttpClient();
        using var onSecond = second.CreateHttpClient();
        var username = $"target-{Guid.NewGuid():N}@test.mak";

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            // Each from an address of its own, so that only the username's limit can refuse them.
            answers.Add(
                await ForwardedHeadersTests.RequestToken(
                    i % 2 == 0 ? onFirst : onSecond,
                    $"198.51.100.{i + 1}",
                    username
                )
            );
        }

        answers
            .Take(4)
            .Should()
            .OnlyContain(a => a.StatusCode == HttpStatusCode.BadRequest, "wrong passwords, within the limit");
        answers.Skip(4).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        var fourth = answers[3]
            .Headers.GetValues("RateLimit")
            .Single(v => v.StartsWith("\"username\"", StringComparison.Ordinal));
        ApiRateLimitTests
            .ParseRateLimit(fourth, "username")
            .Remaining.Should()
            .Be(0, "the second instance counts the sign-ins the first took");
    }

    [Fact]
    public async Task A_client_address_has_one_token_quota_across_instances()
    {
        await using var second = server.StartSecondInstance();
        using var onFirst = server.CreateHttpClient();
        using var onSecond = second.CreateHttpClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            // One client address behind the balancer, a username of its own each time.
            using var answer = await ForwardedHeadersTests.RequestToken(
                i % 2 == 0 ? onFirst : onSecond,
                "203.0.113.9",
                $"u{i}-{Guid.NewGuid():N}@test.mak"
            );
            statuses.Add(answer.StatusCode);
        }

        statuses
            .Should()
            .Equal(
                HttpStatusCode.BadRequest,
                HttpStatusCode.BadRequest,
                HttpStatusCode.BadRequest,
                HttpStatusCode.TooManyRequests,
                HttpStatusCode.TooManyRequests,
                HttpStatusCode.TooManyRequests
            );

        // Another client behind the same balancer is not affected.
        using var other = await ForwardedHeadersTests.RequestToken(
            onSecond,
            "203.0.113.10",
            $"other-{Guid.NewGuid():N}@test.mak"
        );
        other.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
