using System.Net;
using System.Text.Json.Nodes;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using MakCrm.WebApi.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Contract;

/// <summary>
/// A server whose deprecation notices come from a copy of the contract that marks <c>listClients</c> deprecated, as
/// a later contract would: the real contract deprecates nothing yet, and no operation is deprecated only for a test.
/// </summary>
public sealed class DeprecatingServer() : ApiServerFixture(new Dictionary<string, string>(), services =>
    services.AddSingleton(DeprecationNotices.From(DeprecatingServer.Contract())))
{
    public static JsonObject Contract()
    {
        var contract = ContractFile.Load();
        var operation = contract["paths"]!["/api/v1/clients"]!["get"]!.AsObject();
        operation["deprecated"] = true;
        operation["x-deprecated-at"] = "2026-03-01";
        operation["x-sunset"] = "2026-09-01";
        return contract;
    }
}

public sealed class DeprecationHeaderTests(DeprecatingServer server) : ApiTest(server), IClassFixture<DeprecatingServer>
{
    private static readonly string Deprecation = "@" + new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task Every_answer_of_a_deprecated_operation_carries_deprecation_sunset_and_link()
    {
        var ok = await Http.GetAsync("/api/v1/clients");
        using var anonymous = Server.CreateHttpClient();
        var unauthorized = await anonymous.GetAsync("/api/v1/clients");
        var invalid = await Http.GetAsync("/api/v1/clients?limit=0");

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        unauthorized.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        foreach (var response in new[] { ok, unauthorized, invalid })
        {
            response.Headers.GetValues("Deprecation").Should().Equal(Deprecation);
            response.Headers.GetValues("Sunset").Should().Equal("Tue, 01 Sep 2026 00:00:00 GMT");
            response.Headers.GetValues("Link").Should().Equal("</swagger/index.html#/Clients/listClients>; rel=\"deprecation\"; type=\"text/html\"");
        }
    }

    [Fact]
    public async Task Other_operations_carry_no_notice()
    {
        var leads = await Http.GetAsync("/api/v1/leads");

        leads.StatusCode.Should().Be(HttpStatusCode.OK);
        leads.Headers.Contains("Deprecation").Should().BeFalse();
        leads.Headers.Contains("Sunset").Should().BeFalse();
    }

}
