using System.Net;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>A role that requires two-factor authentication: its users must turn it on before they can do anything.</summary>
public sealed class TwoFactorEnforcementServer : ApiServerFixture;

public sealed class TwoFactorEnforcementTests(TwoFactorEnforcementServer server) : AuthTest(server), IClassFixture<TwoFactorEnforcementServer>
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ExpectJson(await SetEmployeeRequirement(true), HttpStatusCode.OK);
    }

    public override async Task DisposeAsync()
    {
        await ExpectJson(await SetEmployeeRequirement(false), HttpStatusCode.OK);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Without_two_factor_a_user_of_an_enforcing_role_can_only_turn_it_on()
    {
        var email = $"enforced-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Employee, Organization.HeadOfficeId);
        var first = await ExpectTokens(await PasswordGrant(email));
        var access = first["access_token"]!.GetValue<string>();
        Claims(access)["enrolment_only"]!.GetValue<bool>().Should().BeTrue();
        first["scope"]!.GetValue<string>().Should().BeEmpty();

        await ExpectProblem(await GetWithToken("/api/v1/clients", access), HttpStatusCode.Forbidden, "forbidden");
        using var enrolling = Server.CreateHttpClient(access);
        var secret = (await ExpectJson(await enrolling.PostAsync("/api/v1/account/two-factor/enrolment", null), HttpStatusCode.OK))["sharedKey"]!.GetValue<string>();
        await ExpectJson(await enrolling.PostAsync("/api/v1/account/two-factor/confirmation", CodeBody(Oathtool.Totp(secret))), HttpStatusCode.OK);

        // The password-only sign-in cannot be refreshed into a full one.
        await ExpectOAuthError(await RefreshGrant(first["refresh_token"]!.GetValue<string>()), 400, "invalid_grant");

        var second = await PasswordGrant(email);
        await ExpectOAuthError(second, 400, "mfa_required");
        var mfaToken = System.Text.Json.Nodes.JsonNode.Parse(await second.Content.ReadAsStringAsync())!["mfa_token"]!.GetValue<string>();
        var full = await ExpectTokens(await TokenRequest(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:mak:params:oauth:grant-type:mfa-otp",
            ["client_id"] = "mak-cabinet",
            ["mfa_token"] = mfaToken,
            ["otp"] = Oathtool.Totp(secret),
        }));
        Claims(full["access_token"]!.GetValue<string>()).ContainsKey("enrolment_only").Should().BeFalse();
        (await GetWithToken("/api/v1/clients", full["access_token"]!.GetValue<string>())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Roles_that_do_not_require_it_are_not_affected_and_the_setting_is_audited()
    {
        (await ExpectTokens(await PasswordGrant(TestActor.PartnerAlpha.Email())))["scope"]!.GetValue<string>().Should().NotBeEmpty();

        var matrix = await ExpectJson(await Http.GetAsync("/api/v1/roles"), HttpStatusCode.OK);
        matrix["roles"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == Roles.Employee)!["requiresTwoFactor"]!.GetValue<bool>().Should().BeTrue();
        var audit = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?action=role.two_factor_requirement_changed"), HttpStatusCode.OK);
        audit["items"]!.AsArray().Should().NotBeEmpty();
    }

    private Task<HttpResponseMessage> SetEmployeeRequirement(bool required) =>
        Send(HttpMethod.Put, "/api/v1/roles/employee/permissions", Json(new { permissions = Roles.DefaultMatrix[Roles.Employee], requiresTwoFactor = required }));
}
