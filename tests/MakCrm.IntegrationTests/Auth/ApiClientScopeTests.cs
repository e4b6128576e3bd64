using System.Net;
using System.Net.Http.Json;
using MakCrm.Application.Access;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>An API client may do no more than its organization's role: at registration, and on every request.</summary>
public sealed class ApiClientScopeTests(ApiServerFixture server) : AuthTest(server)
{
    private const string Secret = "secret-of-the-scope-test-client";

    [Theory]
    [InlineData("partner", new[] { Permissions.ClientsReadAll, Permissions.LedgerManage })]
    [InlineData("franchisee", new[] { Permissions.LedgerManage })]
    public async Task Registration_refuses_scopes_the_organizations_role_does_not_have(string kind, string[] refused)
    {
        var organizationId = kind == "partner" ? TestActors.PartnerAlphaOrganization : TestActors.FranchiseeOrganization;

        var problem = await ExpectProblem(await Post("/api/v1/api-clients", new
        {
            name = "Площадка",
            organizationId,
            scopes = refused.Prepend(Permissions.LeadsReadOwn).ToArray(),
        }), HttpStatusCode.BadRequest, "validation_failed");

        var errors = FieldErrors(problem, "scopes");
        errors.Should().ContainSingle();
        foreach (var scope in refused)
        {
            errors[0].Should().Contain(scope);
        }

        errors[0].Should().NotContain(Permissions.LeadsReadOwn);
        (await ExpectJson(await Http.GetAsync("/api/v1/api-clients"), HttpStatusCode.OK))["items"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Head_office_and_a_partner_get_the_scopes_their_roles_have()
    {
        await ExpectJson(await Post("/api/v1/api-clients", new
        {
            name = "Бот",
            organizationId = Organization.HeadOfficeId,
            scopes = new[] { Permissions.ClientsReadAll, Permissions.LedgerManage },
        }), HttpStatusCode.Created);
        await ExpectJson(await Post("/api/v1/api-clients", new
        {
            name = "Площадка",
            organizationId = TestActors.PartnerAlphaOrganization,
            scopes = Roles.DefaultMatrix[Roles.Partner].Intersect(ApiClientScopes.Allowed).ToArray(),
        }), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_client_holding_more_than_its_organizations_role_acts_only_with_the_role_s_permissions()
    {
        using var alpha = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var own = Id(await ExpectJson(await alpha.PostAsJsonAsync("/api/v1/clients", new { fullName = "Клиент Альфы", phone = UniquePhone(), source = "partner" }), HttpStatusCode.Created));
        var headOffices = Id(await CreateClient("Клиент головного офиса"));
        var clientId = $"wide-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, Secret, TestActors.PartnerAlphaOrganization, [Permissions.ClientsReadAll, Permissions.ClientsReadOwn, Permissions.LedgerManage]);

        var tokens = await ExpectTokens(await ClientCredentials(clientId));
        tokens["scope"]!.GetValue<string>().Should().Be(Permissions.ClientsReadOwn);

        // Even a token that names the wider scopes (signed by the server, as one issued before the change) gets no more.
        var claims = Claims(tokens["access_token"]!.GetValue<string>());
        claims["scope"] = string.Join(' ', Permissions.ClientsReadAll, Permissions.ClientsReadOwn, Permissions.LedgerManage);
        claims["jti"] = Guid.NewGuid().ToString();
        foreach (var token in new[] { tokens["access_token"]!.GetValue<string>(), await SignWithServerKey(claims) })
        {
            var listed = await ExpectJson(await GetWithToken("/api/v1/clients?limit=100", token), HttpStatusCode.OK);
            listed["items"]!.AsArray().Select(c => Id(c!.AsObject())).Should().Contain(own).And.NotContain(headOffices);
        }
    }

    [Fact]
    public async Task A_change_of_the_role_matrix_limits_clients_registered_before_it()
    {
        var clientId = $"narrowed-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, Secret, TestActors.PartnerAlphaOrganization, [Permissions.LeadsReadOwn, Permissions.ClientsReadOwn]);
        var token = (await ExpectTokens(await ClientCredentials(clientId)))["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/leads", token)).StatusCode.Should().Be(HttpStatusCode.OK);

        try
        {
            await ExpectJson(await Send(HttpMethod.Put, "/api/v1/roles/partner/permissions",
                Json(new { permissions = Roles.DefaultMatrix[Roles.Partner].Except([Permissions.LeadsReadOwn]).ToArray() })), HttpStatusCode.OK);

            await ExpectProblem(await GetWithToken("/api/v1/leads", token), HttpStatusCode.Forbidden, "forbidden");
            (await GetWithToken("/api/v1/clients", token)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await ExpectTokens(await ClientCredentials(clientId)))["scope"]!.GetValue<string>().Should().Be(Permissions.ClientsReadOwn);
        }
        finally
        {
            await ExpectJson(await Send(HttpMethod.Put, "/api/v1/roles/partner/permissions", Json(new { permissions = Roles.DefaultMatrix[Roles.Partner] })), HttpStatusCode.OK);
        }

        (await GetWithToken("/api/v1/leads", token)).StatusCode.Should().Be(HttpStatusCode.OK, "the role has the permission again");
    }

    private Task<HttpResponseMessage> ClientCredentials(string clientId) =>
        TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, Secret));
}
