using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Infrastructure.Identity;
using MakCrm.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Auth;

public sealed class TokenEndpointTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task The_password_grant_issues_a_signed_short_lived_token_and_a_refresh_token()
    {
        var tokens = await ExpectTokens(await PasswordGrant(TestActor.PartnerAlpha.Email()));

        var access = tokens["access_token"]!.GetValue<string>();
        Header(access)["alg"]!.GetValue<string>().Should().Be("RS256");
        Header(access)["kid"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        var claims = Claims(access);
        claims["iss"]!.GetValue<string>().Should().Be("https://mak-crm.test");
        claims["aud"]!.GetValue<string>().Should().Be("mak-crm-api");
        claims["org"]!.GetValue<string>().Should().Be(TestActors.PartnerAlphaOrganization.ToString());
        claims["client_id"]!.GetValue<string>().Should().Be(FirstPartyClients.Cabinet);
        claims["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal(Roles.Partner);
        (claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>()).Should().Be(900);
        claims["scope"]!.GetValue<string>().Split(' ').Should().BeEquivalentTo(Roles.DefaultMatrix[Roles.Partner]);
        tokens["refresh_token"]!.GetValue<string>().Length.Should().BeGreaterThanOrEqualTo(43);

        (await GetWithToken("/api/v1/clients", access)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_passwords_and_unknown_users_get_the_same_answer()
    {
        await ExpectOAuthError(await PasswordGrant(TestActor.Employee.Email(), "Wrong-Password-1"), 400, "invalid_grant");
        await ExpectOAuthError(await PasswordGrant("nobody@test.mak", "Wrong-Password-1"), 400, "invalid_grant");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var email = $"lockout-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);

        for (var i = 0; i < 5; i++)
        {
            await ExpectOAuthError(await PasswordGrant(email, "Wrong-Password-1"), 400, "invalid_grant");
        }

        var locked = await PasswordGrant(email);
        await ExpectOAuthError(locked, 400, "invalid_grant");
        (await locked.Content.ReadAsStringAsync()).Should().Contain("locked");
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_loses_the_tokens_already_issued()
    {
        var email = $"disabled-{Guid.NewGuid():N}@test.mak";
        var user = await Server.CreateUserAsync(email, Roles.Employee, Organization.HeadOfficeId);
        var access = (await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/clients", access)).StatusCode.Should().Be(HttpStatusCode.OK);

        await Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<MakUser>>();
            var stored = await users.FindByIdAsync(user.Id.ToString());
            stored!.IsDisabled = true;
            return await users.UpdateAsync(stored);
        });

        await ExpectOAuthError(await PasswordGrant(email), 400, "invalid_grant");
        var refused = await GetWithToken("/api/v1/clients", access);
        await ExpectProblem(refused, HttpStatusCode.Unauthorized, "unauthorized");
        refused.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token");
    }

    [Fact]
    public async Task Users_of_a_blocked_organization_can_neither_sign_in_nor_use_their_tokens()
    {
        var organization = await Server.CreateOrganizationAsync(OrganizationKind.Partner, "Временный партнёр");
        var email = $"blocked-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, organization);
        var access = (await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>();

        await using (var connection = new Npgsql.NpgsqlConnection(Server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var block = new Npgsql.NpgsqlCommand($"UPDATE organizations SET status = 'blocked' WHERE id = '{organization}'", connection);
            await block.ExecuteNonQueryAsync();
        }

        var refused = await PasswordGrant(email);
        await ExpectOAuthError(refused, 400, "invalid_grant");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("not active");
        await ExpectProblem(await GetWithToken("/api/v1/clients", access), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("unknown-client")]
    [InlineData("")]
    public async Task The_password_grant_needs_a_registered_first_party_client(string clientId)
    {
        await ExpectOAuthError(await PasswordGrant(TestActor.Admin.Email(), clientId: clientId), 401, "invalid_client");
    }

    [Fact]
    public async Task Malformed_token_requests_get_rfc6749_errors()
    {
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["client_id"] = FirstPartyClients.Cabinet }), 400, "invalid_request");
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "authorization_code" }), 400, "unsupported_grant_type");
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = FirstPartyClients.Cabinet }), 400, "invalid_request");
        await ExpectProblem(
            await Anonymous.PostAsync("/connect/token", new StringContent("""{"grant_type":"password"}""", System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType,
            "unsupported_media_type");
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_reused_one_revokes_the_whole_sign_in()
    {
        var first = await ExpectTokens(await PasswordGrant(TestActor.Franchisee.Email()));
        var second = await ExpectTokens(await RefreshGrant(first["refresh_token"]!.GetValue<string>()));
        second["refresh_token"]!.GetValue<string>().Should().NotBe(first["refresh_token"]!.GetValue<string>());
        (await GetWithToken("/api/v1/leads", second["access_token"]!.GetValue<string>())).StatusCode.Should().Be(HttpStatusCode.OK);

        // The first refresh token was spent: presenting it again is theft, so the sign-in ends: its newest refresh
        // token and its access tokens too.
        await ExpectOAuthError(await RefreshGrant(first["refresh_token"]!.GetValue<string>()), 400, "invalid_grant");
        await ExpectOAuthError(await RefreshGrant(second["refresh_token"]!.GetValue<string>()), 400, "invalid_grant");
        await ExpectProblem(await GetWithToken("/api/v1/leads", second["access_token"]!.GetValue<string>()), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Of_two_simultaneous_refreshes_with_one_token_exactly_one_succeeds()
    {
        var tokens = await ExpectTokens(await PasswordGrant(TestActor.Employee.Email()));
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RefreshGrant(refresh)));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).Should().Be(5);
    }

    [Fact]
    public async Task A_refresh_token_works_only_for_its_client()
    {
        var tokens = await ExpectTokens(await PasswordGrant(TestActor.Employee.Email()));

        await ExpectOAuthError(await RefreshGrant(tokens["refresh_token"]!.GetValue<string>(), FirstPartyClients.Swagger), 400, "invalid_grant");
        await ExpectOAuthError(await RefreshGrant("not-a-refresh-token"), 400, "invalid_grant");
    }

    [Fact]
    public async Task A_revoked_refresh_token_cannot_be_used()
    {
        var tokens = await ExpectTokens(await PasswordGrant(TestActor.Employee.Email()));
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        var revoked = await Anonymous.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = refresh,
            ["client_id"] = FirstPartyClients.Cabinet,
        }));

        revoked.StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectOAuthError(await RefreshGrant(refresh), 400, "invalid_grant");
        var access = tokens["access_token"]!.GetValue<string>();
        await ExpectProblem(await GetWithToken("/api/v1/clients", access), HttpStatusCode.Unauthorized, "unauthorized");
        (await Anonymous.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "unknown", ["client_id"] = "x" })))
            .StatusCode.Should().Be(HttpStatusCode.OK, "RFC 7009: unknown tokens are not an error");
    }

    [Fact]
    public async Task Client_credentials_act_for_the_clients_organization_within_its_scopes()
    {
        var clientId = $"lead-platform-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "s3cret-value-for-tests", TestActors.PartnerBetaOrganization, [Permissions.LeadsReadOwn, Permissions.ClientsReadOwn, Permissions.ClientsWrite]);

        var viaBasic = await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, "s3cret-value-for-tests")));
        var viaForm = await ExpectTokens(await TokenRequest(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = "s3cret-value-for-tests",
            ["scope"] = Permissions.LeadsReadOwn,
        }));

        viaBasic["refresh_token"].Should().BeNull();
        var claims = Claims(viaBasic["access_token"]!.GetValue<string>());
        claims["sub"]!.GetValue<string>().Should().Be(clientId);
        claims["org"]!.GetValue<string>().Should().Be(TestActors.PartnerBetaOrganization.ToString());
        viaForm["scope"]!.GetValue<string>().Should().Be(Permissions.LeadsReadOwn);

        var full = viaBasic["access_token"]!.GetValue<string>();
        var narrow = viaForm["access_token"]!.GetValue<string>();
        (await GetWithToken("/api/v1/clients", full)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblem(await GetWithToken("/api/v1/clients", narrow), HttpStatusCode.Forbidden, "forbidden");
        (await GetWithToken("/api/v1/leads", narrow)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Client_credentials_refuse_wrong_secrets_disabled_clients_and_foreign_scopes()
    {
        var clientId = $"bot-{Guid.NewGuid():N}";
        var disabled = $"disabled-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "right-secret-value", TestActors.FranchiseeOrganization, [Permissions.LeadsReadOwn]);
        await RegisterApiClient(disabled, "right-secret-value", TestActors.FranchiseeOrganization, [Permissions.LeadsReadOwn], enabled: false);

        var wrongSecret = await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, "wrong-secret"));
        await ExpectOAuthError(wrongSecret, 401, "invalid_client");
        wrongSecret.Headers.WwwAuthenticate.ToString().Should().StartWith("Basic");
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(disabled, "right-secret-value")), 401, "invalid_client");
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = Permissions.LeadsReadAll }, Basic(clientId, "right-secret-value")), 400, "invalid_scope");
        await ExpectOAuthError(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = FirstPartyClients.Cabinet }), 401, "invalid_client");
    }

    [Fact]
    public async Task The_metadata_and_the_key_set_describe_the_token_service()
    {
        var metadata = JsonNode.Parse(await Anonymous.GetStringAsync("/.well-known/openid-configuration"))!.AsObject();
        metadata["issuer"]!.GetValue<string>().Should().Be("https://mak-crm.test");
        metadata["token_endpoint"]!.GetValue<string>().Should().EndWith("/connect/token");
        metadata["revocation_endpoint"]!.GetValue<string>().Should().EndWith("/connect/revoke");
        metadata["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()).Should().BeEquivalentTo("password", "refresh_token", "client_credentials", "urn:mak:params:oauth:grant-type:mfa-otp", "urn:ietf:params:oauth:grant-type:token-exchange");
        metadata["id_token_signing_alg_values_supported"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("RS256");

        var jwks = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri(metadata["jwks_uri"]!.GetValue<string>()).PathAndQuery))!.AsObject();
        var kid = Header(await Server.AccessTokenAsync(TestActor.Admin))["kid"]!.GetValue<string>();
        var key = jwks["keys"]!.AsArray().Single(k => k!["kid"]!.GetValue<string>() == kid)!;
        key["kty"]!.GetValue<string>().Should().Be("RSA");
        key["alg"]!.GetValue<string>().Should().Be("RS256");
        key["n"]!.GetValue<string>().Length.Should().BeGreaterThan(300, "a 2048-bit modulus");
        key.AsObject().Should().NotContainKey("d", "the key set must never carry a private part");
    }
}
