using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Domain.Organizations;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>A server whose step-up window is seconds instead of ten minutes, so that a test can outlive it; long enough
/// that a sign-in's first request falls within it on a busy machine.</summary>
public sealed class ShortStepUpServer() : ApiServerFixture(new Dictionary<string, string> { ["Mak:Tokens:StepUpMaxAge"] = "00:00:08" });

/// <summary>Role and API-client changes need a two-factor sign-in within the step-up window (RFC 9470).</summary>
public sealed class StepUpTests(ShortStepUpServer server) : IClassFixture<ShortStepUpServer>
{
    private static readonly TimeSpan PastTheWindow = TimeSpan.FromSeconds(9.5);

    [Fact]
    public async Task Without_a_two_factor_sign_in_changes_of_access_are_challenged()
    {
        var email = $"admin-{Guid.NewGuid():N}@test.mak";
        await server.CreateUserAsync(email, Roles.Admin, Organization.HeadOfficeId);
        using var admin = server.CreateHttpClient((await server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString());

        (await admin.GetAsync("/api/v1/roles")).StatusCode.Should().Be(HttpStatusCode.OK, "reading needs no step-up");
        foreach (var response in new[]
                 {
                     await SetGuestPermissions(admin),
                     await admin.PostAsJsonAsync("/api/v1/api-clients", new { name = "Platform", organizationId = TestActors.PartnerAlphaOrganization, scopes = new[] { Permissions.LeadsWrite } }),
                     await admin.PostAsync("/api/v1/api-clients/step-up-platform/enable", null),
                     await admin.PostAsync("/api/v1/api-clients/step-up-platform/secret", null),
                 })
        {
            await ExpectStepUpChallenge(response);
        }
    }

    [Fact]
    public async Task A_two_factor_sign_in_satisfies_step_up_until_the_window_passes_and_refreshing_does_not_renew_it()
    {
        var signIn = await server.TwoFactorSignInAsync(TestActor.Admin.Email(), TestActors.Password, server.AdminTotpSecret);
        var accessToken = signIn.GetProperty("access_token").GetString()!;
        var authTime = Claims(accessToken)["auth_time"]!.GetValue<long>();
        using (var fresh = server.CreateHttpClient(accessToken))
        {
            (await SetGuestPermissions(fresh)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await Task.Delay(PastTheWindow);
        using (var stale = server.CreateHttpClient(accessToken))
        {
            await ExpectStepUpChallenge(await SetGuestPermissions(stale));
        }

        var refreshed = await Refresh(signIn.GetProperty("refresh_token").GetString()!);
        Claims(refreshed)["auth_time"]!.GetValue<long>().Should().Be(authTime, "a refresh is not a new authentication");
        using (var stillStale = server.CreateHttpClient(refreshed))
        {
            await ExpectStepUpChallenge(await SetGuestPermissions(stillStale));
        }

        var again = await server.TwoFactorSignInAsync(TestActor.Admin.Email(), TestActors.Password, server.AdminTotpSecret);
        using var steppedUp = server.CreateHttpClient(again.GetProperty("access_token").GetString());
        (await SetGuestPermissions(steppedUp)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_recovery_code_is_a_second_factor_too()
    {
        var email = $"admin-{Guid.NewGuid():N}@test.mak";
        await server.CreateUserAsync(email, Roles.Admin, Organization.HeadOfficeId);
        using var enrolling = server.CreateHttpClient((await server.PasswordGrantAsync(email, TestActors.Password)).GetProperty("access_token").GetString());
        var secret = (await Json(await enrolling.PostAsync("/api/v1/account/two-factor/enrolment", null)))["sharedKey"]!.GetValue<string>();
        var codes = (await Json(await enrolling.PostAsJsonAsync("/api/v1/account/two-factor/confirmation", new { code = Oathtool.Totp(secret) })))["codes"]!.AsArray();

        using var http = server.CreateHttpClient();
        var first = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "mak-cabinet", ["username"] = email, ["password"] = TestActors.Password,
        }));
        var mfaToken = (await Json(first))["mfa_token"]!.GetValue<string>();
        var second = await Json(await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:mak:params:oauth:grant-type:mfa-otp", ["client_id"] = "mak-cabinet", ["mfa_token"] = mfaToken, ["recovery_code"] = codes[0]!.GetValue<string>(),
        })));

        using var admin = server.CreateHttpClient(second["access_token"]!.GetValue<string>());
        (await SetGuestPermissions(admin)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> SetGuestPermissions(HttpClient admin) =>
        await admin.PutAsJsonAsync($"/api/v1/roles/{Roles.Guest}/permissions", new { permissions = new[] { Permissions.ClientsReadOwn, Permissions.LeadsReadOwn } });

    private static async Task ExpectStepUpChallenge(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, response.RequestMessage!.RequestUri!.ToString());
        var challenge = response.Headers.WwwAuthenticate.Should().ContainSingle().Subject;
        challenge.Scheme.Should().Be("Bearer");
        challenge.Parameter.Should().Contain("error=\"insufficient_user_authentication\"").And.Contain("max_age=8");
        (await Json(response))["code"]!.GetValue<string>().Should().Be("step_up_required");
    }

    private async Task<string> Refresh(string refreshToken)
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "mak-cabinet", ["refresh_token"] = refreshToken,
        }));
        return (await Json(response))["access_token"]!.GetValue<string>();
    }

    private static async Task<JsonObject> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static JsonObject Claims(string jwt) =>
        JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jwt.Split('.')[1])))!.AsObject();
}
