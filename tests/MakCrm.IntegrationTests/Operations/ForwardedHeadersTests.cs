using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Auth;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>A server behind a balancer on its own machine (the test's client connects from loopback, as it would),
/// whose token endpoint allows 3 requests a minute per client address.</summary>
public sealed class BalancedServer()
    : ApiServerFixture(
        new Dictionary<string, string>
        {
            ["Mak:ForwardedHeaders:Enabled"] = "true",
            ["Mak:RateLimits:TokenRequestsPerMinute"] = "3",
        }
    );

/// <summary>A server behind a balancer elsewhere: loopback is not one of its proxies.</summary>
public sealed class RemoteBalancerServer()
    : ApiServerFixture(
        new Dictionary<string, string>
        {
            ["Mak:ForwardedHeaders:Enabled"] = "true",
            ["Mak:ForwardedHeaders:KnownProxies:0"] = "10.20.30.40",
            ["Mak:RateLimits:TokenRequestsPerMinute"] = "3",
        }
    );

/// <summary>
/// <c>X-Forwarded-For</c> over real HTTP: believed from a configured balancer only, and only its last entry (the
/// address the balancer appended), so that per-address limits stay per client and a client cannot choose its address.
/// </summary>
public static class ForwardedHeadersTests
{
    internal static Task<HttpResponseMessage> RequestToken(HttpClient http, string forwardedFor, string username)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "password",
                    ["client_id"] = "mak-cabinet",
                    ["username"] = username,
                    ["password"] = "Wrong-Password-1",
                }
            ),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return http.SendAsync(request);
    }

    /// <summary>The statuses of token requests with these X-Forwarded-For values, each for a username of its
    /// own.</summary>
    private static async Task<List<HttpStatusCode>> Statuses(HttpClient http, params string[] forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        foreach (var value in forwardedFor)
        {
            using var response = await RequestToken(http, value, $"{Guid.NewGuid():N}@test.mak");
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    /// <summary>Requests that each claim another address all count as the connection's (loopback): the limit of 3 is
    /// reached within 4.</summary>
    private static async Task AllCountAsTheConnectionsAddress(ApiServerFixture server)
    {
        using var http = server.CreateHttpClient();

        var statuses = await Statuses(http, "203.0.113.40", "203.0.113.41", "203.0.113.42", "203.0.113.43");

        statuses.Should().Contain(HttpStatusCode.TooManyRequests);
    }

    public sealed class BehindATrustedBalancer(BalancedServer server) : IClassFixture<BalancedServer>
    {
        [Fact]
        public async Task Each_forwarded_client_has_its_own_limit()
        {
            using var http = server.CreateHttpClient();

            var first = await Statuses(http, "203.0.113.10", "203.0.113.10", "203.0.113.10", "203.0.113.10");
            var second = await Statuses(http, "203.0.113.11");

            first.Take(3).Should().NotContain(HttpStatusCode.TooManyRequests);
            first[3].Should().Be(HttpStatusCode.TooManyRequests);
            second.Should().NotContain(HttpStatusCode.TooManyRequests, "another client behind the same balancer");
        }

        [Fact]
        public async Task A_client_that_sends_its_own_x_forwarded_for_is_still_known_by_the_address_the_balancer_saw()
        {
            using var http = server.CreateHttpClient();
            (await Statuses(http, "203.0.113.20", "203.0.113.20", "203.0.113.20"))
                .Should()
                .NotContain(HttpStatusCode.TooManyRequests);

            // The balancer appends the address it saw to what the client sent: "<forged>, <real>".
            var forged = await Statuses(http, "198.51.100.1, 203.0.113.20", "198.51.100.2, 203.0.113.20");

            forged.Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests);
        }

        [Fact]
        public async Task The_audit_records_the_forwarded_client_address()
        {
            using var admin = server.CreateHttpClient(await server.AccessTokenAsync(TestActor.Admin));
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients")
            {
                Content = JsonContent.Create(
                    new
                    {
                        fullName = "Клиент за балансировщиком",
                        phone = "+79870000001",
                        source = "partner",
                    }
                ),
            };
            create.Headers.Add("X-Forwarded-For", "192.0.2.1, 203.0.113.30");
            using var created = await admin.SendAsync(create);
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

            using var audit = await admin.GetAsync($"/api/v1/audit-events?entityId={id}");
            audit.StatusCode.Should().Be(HttpStatusCode.OK);
            var items = JsonNode.Parse(await audit.Content.ReadAsStringAsync())!["items"]!.AsArray();
            items.Should().NotBeEmpty();
            items.Select(i => i!["ipAddress"]!.GetValue<string>()).Should().OnlyContain(a => a == "203.0.113.30");
        }
    }

    public sealed class BehindAnUnknownProxy(RemoteBalancerServer server) : IClassFixture<RemoteBalancerServer>
    {
        [Fact]
        public Task X_forwarded_for_from_a_connection_that_is_not_a_configured_balancer_is_ignored() =>
            AllCountAsTheConnectionsAddress(server);
    }

    public sealed class WithoutABalancer(StrictRateLimitServer server) : IClassFixture<StrictRateLimitServer>
    {
        [Fact]
        public Task X_forwarded_for_is_ignored() => AllCountAsTheConnectionsAddress(server);
    }
}
