using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Domain.Access;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

public sealed class TwoFactorTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task Enrolment_gives_a_secret_an_otpauth_uri_and_a_qr_code()
    {
        using var user = await NewUser();

        var enrolment = await ExpectJson(await user.PostAsync("/api/v1/account/two-factor/enrolment", null), HttpStatusCode.OK);

        var key = enrolment["sharedKey"]!.GetValue<string>();
        key.Should().MatchRegex("^[A-Z2-7]{16,}$");
        enrolment["authenticatorUri"]!.GetValue<string>().Should().StartWith("otpauth://totp/MaK%20CRM:").And.Contain($"secret={key}");
        enrolment["qrCodeSvg"]!.GetValue<string>().Should().Contain("<svg");
    }

    [Fact]
    public async Task With_two_factor_on_signing_in_needs_a_code_from_the_app()
    {
        var (email, secret, recoveryCodes) = await UserWithTwoFactor();

        var first = await PasswordGrant(email);
        await ExpectOAuthError(first, 400, "mfa_required");
        var mfaToken = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["mfa_token"]!.GetValue<string>();
        recoveryCodes.Should().HaveCount(10).And.OnlyHaveUniqueItems();

        // The first step's token is no access token.
        await ExpectProblem(await GetWithToken("/api/v1/clients", mfaToken), HttpStatusCode.Unauthorized, "unauthorized");

        await ExpectOAuthError(await MfaGrant(mfaToken, otp: "000000"), 400, "invalid_grant");
        var tokens = await ExpectTokens(await MfaGrant(mfaToken, otp: Oathtool.Totp(secret)));
        Claims(tokens["access_token"]!.GetValue<string>())["amr"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("pwd", "otp");
        (await GetWithToken("/api/v1/clients", tokens["access_token"]!.GetValue<string>())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_recovery_code_works_once()
    {
        var (email, _, recoveryCodes) = await UserWithTwoFactor();

        var mfaToken = await MfaToken(email);
        var tokens = await ExpectTokens(await MfaGrant(mfaToken, recoveryCode: recoveryCodes[0]));
        Claims(tokens["access_token"]!.GetValue<string>())["amr"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("pwd", "rc");

        await ExpectOAuthError(await MfaGrant(await MfaToken(email), recoveryCode: recoveryCodes[0]), 400, "invalid_grant");
        await ExpectTokens(await MfaGrant(await MfaToken(email), recoveryCode: recoveryCodes[1]));
    }

    [Fact]
    public async Task An_mfa_token_is_bound_to_its_client_and_needs_exactly_one_code()
    {
        var (email, secret, recoveryCodes) = await UserWithTwoFactor();
        var mfaToken = await MfaToken(email);

        await ExpectOAuthError(await MfaGrant(mfaToken, otp: Oathtool.Totp(secret), clientId: "swagger-ui"), 400, "invalid_grant");
        await ExpectOAuthError(await MfaGrant(mfaToken), 400, "invalid_request");
        await ExpectOAuthError(await MfaGrant(mfaToken, otp: Oathtool.Totp(secret), recoveryCode: recoveryCodes[0]), 400, "invalid_request");
        await ExpectOAuthError(await MfaGrant("not.a.token", otp: Oathtool.Totp(secret)), 400, "invalid_grant");
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account()
    {
        var (email, secret, _) = await UserWithTwoFactor();
        var mfaToken = await MfaToken(email);

        for (var i = 0; i < 5; i++)
        {
            await ExpectOAuthError(await MfaGrant(mfaToken, otp: "000000"), 400, "invalid_grant");
        }

        var locked = await MfaGrant(mfaToken, otp: Oathtool.Totp(secret));
        await ExpectOAuthError(locked, 400, "invalid_grant");
        (await locked.Content.ReadAsStringAsync()).Should().Contain("locked");
    }

    [Fact]
    public async Task Wrong_codes_on_account_changes_count_towards_the_lockout_although_their_requests_change_nothing()
    {
        var (email, secret, _) = await UserWithTwoFactor();
        var tokens = await ExpectTokens(await MfaGrant(await MfaToken(email), otp: Oathtool.Totp(secret)));
        using var user = Server.CreateHttpClient(tokens["access_token"]!.GetValue<string>());

        for (var i = 0; i < 5; i++)
        {
            await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/disable", CodeBody(Oathtool.WrongTotp(secret))), HttpStatusCode.BadRequest, "validation_failed");
        }

        // Locked: not even the right code turns 2FA off now, and signing in is refused too.
        var rightCode = Oathtool.Totp(secret);
        await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/disable", CodeBody(rightCode)), HttpStatusCode.Conflict, "account_locked");
        await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/recovery-codes", CodeBody(rightCode)), HttpStatusCode.Conflict, "account_locked");
        var signIn = await PasswordGrant(email);
        await ExpectOAuthError(signIn, 400, "invalid_grant");
        (await signIn.Content.ReadAsStringAsync()).Should().Contain("locked");

        using var admin = await Server.CreateHttpClientAsync(TestActor.Admin);
        var userId = Claims(tokens["access_token"]!.GetValue<string>())["sub"]!.GetValue<string>();
        var events = await ExpectJson(await admin.GetAsync($"/api/v1/audit-events?actorUserId={userId}&limit=100"), HttpStatusCode.OK);
        var actions = events["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        actions.Count(a => a == "two_factor.code_rejected").Should().Be(5);
        actions.Should().Contain("account.locked_out").And.NotContain("two_factor.disabled");
    }

    [Fact]
    public async Task Entering_the_password_again_does_not_reset_the_count_of_wrong_codes()
    {
        var (email, secret, _) = await UserWithTwoFactor();

        for (var round = 0; round < 2; round++)
        {
            var mfaToken = await MfaToken(email);
            for (var i = 0; i < 3 - round; i++)
            {
                await ExpectOAuthError(await MfaGrant(mfaToken, otp: "000000"), 400, "invalid_grant");
            }
        }

        // Five wrong codes in all, across two password steps: locked.
        var response = await PasswordGrant(email);
        await ExpectOAuthError(response, 400, "invalid_grant");
        (await response.Content.ReadAsStringAsync()).Should().Contain("locked");
    }

    [Fact]
    public async Task Disabling_or_new_recovery_codes_need_a_current_code()
    {
        var (email, secret, oldCodes) = await UserWithTwoFactor();
        using var user = Server.CreateHttpClient((await ExpectTokens(await MfaGrant(await MfaToken(email), otp: Oathtool.Totp(secret))))["access_token"]!.GetValue<string>());

        await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/recovery-codes", CodeBody("000000")), HttpStatusCode.BadRequest, "validation_failed");
        var fresh = await ExpectJson(await user.PostAsync("/api/v1/account/two-factor/recovery-codes", CodeBody(Oathtool.Totp(secret))), HttpStatusCode.OK);
        fresh["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().NotIntersectWith(oldCodes);
        await ExpectOAuthError(await MfaGrant(await MfaToken(email), recoveryCode: oldCodes[2]), 400, "invalid_grant");

        await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/disable", CodeBody("12345")), HttpStatusCode.BadRequest, "validation_failed");
        (await user.PostAsync("/api/v1/account/two-factor/disable", CodeBody(Oathtool.Totp(secret)))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await ExpectTokens(await PasswordGrant(email));

        var events = await ExpectJson(await Http.GetAsync("/api/v1/audit-events?kind=security&sort=occurredAt&limit=200"), HttpStatusCode.OK);
        events["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Where(a => a.StartsWith("two_factor.", StringComparison.Ordinal))
            .Should().Contain(["two_factor.enabled", "two_factor.recovery_codes_regenerated", "two_factor.disabled"]);
    }

    [Fact]
    public async Task Two_factor_cannot_be_enrolled_twice_and_api_clients_have_no_account()
    {
        var (email, secret, _) = await UserWithTwoFactor();
        using var user = Server.CreateHttpClient((await ExpectTokens(await MfaGrant(await MfaToken(email), otp: Oathtool.Totp(secret))))["access_token"]!.GetValue<string>());
        await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/enrolment", null), HttpStatusCode.Conflict, "two_factor_already_enabled");

        var clientId = $"no-account-{Guid.NewGuid():N}";
        await RegisterApiClient(clientId, "secret-of-the-client", TestActors.PartnerAlphaOrganization, [Permissions.LeadsReadOwn]);
        var token = (await ExpectTokens(await TokenRequest(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }, Basic(clientId, "secret-of-the-client"))))["access_token"]!.GetValue<string>();
        using var client = Server.CreateHttpClient(token);
        await ExpectProblem(await client.PostAsync("/api/v1/account/two-factor/enrolment", null), HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<HttpClient> NewUser()
    {
        var email = $"2fa-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        return Server.CreateHttpClient((await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>());
    }
}
