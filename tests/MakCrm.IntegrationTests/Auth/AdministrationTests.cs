using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

public sealed class AdministrationTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task The_matrix_lists_every_role_and_every_permission()
    {
        var matrix = await ExpectJson(await Http.GetAsync("/api/v1/roles"), HttpStatusCode.OK);

        matrix["roles"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Should().BeEquivalentTo(Roles.DefaultMatrix.Keys);
        matrix["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().BeEquivalentTo(Permissions.All);
        var partner = matrix["roles"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == Roles.Partner)!;
        partner["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().BeEquivalentTo(Roles.DefaultMatrix[Roles.Partner]);
    }

    [Fact]
    public async Task A_changed_matrix_takes_effect_for_tokens_already_issued_and_is_audited()
    {
        using var guest = await Server.CreateHttpClientAsync(TestActor.Guest);
        await ExpectProblem(await guest.GetAsync("/api/v1/leads"), HttpStatusCode.Forbidden, "forbidden");

        try
        {
            var changed = await ExpectJson(await Put("/api/v1/roles/guest/permissions", new { permissions = new[] { Permissions.LeadsReadOwn } }), HttpStatusCode.OK);
            changed["permissions"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal(Permissions.LeadsReadOwn);

            (await guest.GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.OK, "the guest's token is older than the change, and still follows it");
            var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?action=role.permissions_changed"), HttpStatusCode.OK);
            var details = audit["items"]![0]!["changes"]!;
            details["role"]!.GetValue<string>().Should().Be("guest");
            details["before"]!.AsArray().Select(p => p!.GetValue<string>()).Should().BeEquivalentTo(Roles.DefaultMatrix[Roles.Guest]);
            details["after"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Equal(Permissions.LeadsReadOwn);
        }
        finally
        {
            // Accounts and the matrix outlive a test: put the guest back.
            await ExpectJson(await Put("/api/v1/roles/guest/permissions", new { permissions = Roles.DefaultMatrix[Roles.Guest] }), HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task The_matrix_refuses_unknown_permissions_unknown_roles_and_a_weakened_admin()
    {
        var unknown = await ExpectProblem(await Put("/api/v1/roles/partner/permissions", new { permissions = new[] { "leads.everything" } }), HttpStatusCode.BadRequest, "validation_failed");
        unknown["errors"]!.AsObject().Select(e => e.Key).Should().ContainSingle().Which.Should().StartWith("permissions");
        await ExpectProblem(await Put("/api/v1/roles/superuser/permissions", new { permissions = Array.Empty<string>() }), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Put("/api/v1/roles/admin/permissions", new { permissions = new[] { Permissions.LeadsReadAll } }), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task A_registered_client_gets_tokens_with_its_secret_until_it_is_disabled_or_its_secret_rotated()
    {
        var registered = await ExpectJson(await Post("/api/v1/api-clients", new
        {
            name = "Лидогенератор «Поток»",
            organizationId = TestActors.PartnerAlphaOrganization,
            scopes = new[] { Permissions.LeadsReadOwn, Permissions.ClientsReadOwn },
        }), HttpStatusCode.Created);
        var clientId = registered["client"]!["clientId"]!.GetValue<string>();
        var secret = registered["clientSecret"]!.GetValue<string>();
        secret.Length.Should().BeGreaterThanOrEqualTo(43);
        var listed = await ExpectJson(await Http.GetAsync("/api/v1/api-clients"), HttpStatusCode.OK);
        listed.ToJsonString().Should().Contain(clientId).And.NotContain(secret, "the secret is shown once, at registration");

        var token = (await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, secret))))["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/leads", token)).StatusCode.Should().Be(HttpStatusCode.OK);

        await ExpectJson(await Http.PostAsync($"/api/v1/api-clients/{clientId}/disable", null), HttpStatusCode.OK);
        await ExpectProblem(await GetWithToken("/api/v1/leads", token), HttpStatusCode.Unauthorized, "unauthorized");
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, secret)), 401, "invalid_client");

        await ExpectJson(await Http.PostAsync($"/api/v1/api-clients/{clientId}/enable", null), HttpStatusCode.OK);
        var rotated = await ExpectJson(await Http.PostAsync($"/api/v1/api-clients/{clientId}/secret", null), HttpStatusCode.OK);
        var newSecret = rotated["clientSecret"]!.GetValue<string>();
        newSecret.Should().NotBe(secret);
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, secret)), 401, "invalid_client");
        await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, newSecret)));

        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?kind=security&sort=occurredAt&limit=200"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Where(a => a.StartsWith("api_client.", StringComparison.Ordinal))
            .Should().Equal("api_client.registered", "api_client.disabled", "api_client.enabled", "api_client.secret_rotated");
    }

    [Theory]
    [InlineData("""{"name":"X","organizationId":"0192f0c1-0000-7000-8000-0000000000c1","scopes":["roles.manage"]}""", "scopes[0]")]
    [InlineData("""{"name":"X","organizationId":"0192f0c1-0000-7000-8000-0000000000c1","scopes":[]}""", "scopes")]
    [InlineData("""{"name":"","organizationId":"0192f0c1-0000-7000-8000-0000000000c1","scopes":["leads.write"]}""", "name")]
    [InlineData("""{"name":"X","organizationId":"0192f0c1-0000-7000-8000-00000000dead","scopes":["leads.write"]}""", "organizationId")]
    public async Task Registration_refuses_management_scopes_no_scopes_no_name_and_unknown_organizations(string body, string field)
    {
        var problem = await ExpectProblem(await Send(HttpMethod.Post, "/api/v1/api-clients", body), HttpStatusCode.BadRequest, "validation_failed");
        FieldErrors(problem, field).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Unknown_clients_are_404()
    {
        await ExpectProblem(await Http.PostAsync("/api/v1/api-clients/nobody/disable", null), HttpStatusCode.NotFound, "not_found");
        await ExpectProblem(await Http.PostAsync($"/api/v1/api-clients/{"mak-cabinet"}/secret", null), HttpStatusCode.NotFound, "not_found");
    }

    private Task<HttpResponseMessage> Put(string url, object body) => Send(HttpMethod.Put, url, Json(body));
}
