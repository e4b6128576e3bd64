using System.Text.Json.Nodes;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Client.Tests;

/// <summary>
/// Two-factor authentication through the SDK against the real server: the generated Account operations (enrol,
/// confirm, regenerate recovery codes, disable), the mfa-otp grant of the generated token operation, and
/// <see cref="MakCrmTokenProvider"/> with <see cref="MakCrmTokenOptions.TwoFactorCode"/>. Every test turns 2FA on for
/// a user of its own (never a shared actor); the codes come from oathtool, as from an authenticator app.
/// </summary>
public sealed class TwoFactorSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Enrol_confirm_sign_in_with_a_code_or_a_recovery_code_regenerate_and_disable()
    {
        var email = await NewUserAsync();
        var anonymous = Anonymous();
        var user = SignedIn((await anonymous.RequestTokenAsync(PasswordGrant(email))).Result.Access_token);

        // Enrolment: a base32 secret, the same secret in an otpauth:// URI for the app, and that URI as a QR code.
        var enrolment = (await user.EnrolTwoFactorAsync()).Result;
        var key = enrolment.SharedKey;
        key.Should().MatchRegex("^[A-Z2-7]{16,}=*$");
        enrolment.AuthenticatorUri.Should().StartWith("otpauth://totp/").And.Contain($"secret={key}");
        enrolment.QrCodeSvg.Should().Contain("<svg");
        (await anonymous.RequestTokenAsync(PasswordGrant(email))).Result.Access_token.Should().NotBeNullOrEmpty("2FA is on only once confirmed");

        // Confirmation: a wrong code is a validation problem; the app's code turns 2FA on and gives ten recovery codes.
        var wrongConfirmation = await Expect.ProblemAsync(() => user.ConfirmTwoFactorAsync(Code(Oathtool.WrongTotp(key))), 400, "validation_failed");
        wrongConfirmation.Errors.Should().ContainKey("code");
        var recoveryCodes = (await user.ConfirmTwoFactorAsync(Code(Oathtool.Totp(key)))).Result.Codes.ToList();
        recoveryCodes.Should().HaveCount(10).And.OnlyHaveUniqueItems().And.OnlyContain(c => !string.IsNullOrWhiteSpace(c));
        await Expect.ProblemAsync(() => user.EnrolTwoFactorAsync(), 409, "two_factor_already_enabled");

        // The password alone now gives an mfa_token, no tokens; it is no access token itself.
        var mfaRequired = await MfaRequiredAsync(anonymous, email);
        await Expect.ProblemAsync(() => SignedIn(mfaRequired).ListLeadsAsync(), 401, "unauthorized");

        // The second step: a wrong code is invalid_grant; the app's code gives tokens with amr pwd + otp.
        await TokenErrorAsync(() => anonymous.RequestTokenAsync(MfaGrant(mfaRequired, otp: Oathtool.WrongTotp(key))), "invalid_grant");
        var withOtp = (await anonymous.RequestTokenAsync(MfaGrant(mfaRequired, otp: Oathtool.Totp(key)))).Result;
        withOtp.Token_type.Should().Be("Bearer");
        withOtp.Refresh_token.Should().NotBeNullOrEmpty();
        Amr(withOtp.Access_token).Should().Equal("pwd", "otp");
        (await SignedIn(withOtp.Access_token).ListLeadsAsync()).StatusCode.Should().Be(200);

        // A recovery code instead of the app: amr pwd + rc, and each code works once (an mfa_token works once too).
        var withRecoveryCode = (await anonymous.RequestTokenAsync(MfaGrant(await MfaRequiredAsync(anonymous, email), recoveryCode: recoveryCodes[0]))).Result;
        Amr(withRecoveryCode.Access_token).Should().Equal("pwd", "rc");
        await TokenErrorAsync(async () => await anonymous.RequestTokenAsync(MfaGrant(await MfaRequiredAsync(anonymous, email), recoveryCode: recoveryCodes[0])), "invalid_grant");

        // New recovery codes need a current code; the old ones stop working, the new ones work.
        await Expect.ProblemAsync(() => user.RegenerateRecoveryCodesAsync(Code(Oathtool.WrongTotp(key))), 400, "validation_failed");
        var newCodes = (await user.RegenerateRecoveryCodesAsync(Code(Oathtool.Totp(key)))).Result.Codes.ToList();
        newCodes.Should().HaveCount(10).And.OnlyHaveUniqueItems().And.NotIntersectWith(recoveryCodes);
        await TokenErrorAsync(async () => await anonymous.RequestTokenAsync(MfaGrant(await MfaRequiredAsync(anonymous, email), recoveryCode: recoveryCodes[1])), "invalid_grant");
        Amr((await anonymous.RequestTokenAsync(MfaGrant(await MfaRequiredAsync(anonymous, email), recoveryCode: newCodes[0]))).Result.Access_token).Should().Equal("pwd", "rc");

        // Disabling needs a current code; then the password alone gives tokens again, and there is nothing to disable.
        await Expect.ProblemAsync(() => user.DisableTwoFactorAsync(Code(Oathtool.WrongTotp(key))), 400, "validation_failed");
        (await user.DisableTwoFactorAsync(Code(Oathtool.Totp(key)))).StatusCode.Should().Be(204);
        var plain = (await anonymous.RequestTokenAsync(PasswordGrant(email))).Result;
        Amr(plain.Access_token).Should().Equal("pwd");
        await Expect.ProblemAsync(() => user.DisableTwoFactorAsync(Code(Oathtool.Totp(key))), 409, "two_factor_not_enabled");
        await Expect.ProblemAsync(() => user.RegenerateRecoveryCodesAsync(Code(Oathtool.Totp(key))), 409, "two_factor_not_enabled");
    }

    [Fact]
    public async Task The_account_operations_are_for_users_only_API_clients_get_403()
    {
        const string secret = "secret-of-a-platform";
        var clientId = $"no-account-{Guid.NewGuid():N}";
        await Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Infrastructure.Identity.ApiClient>().Add(new MakCrm.Infrastructure.Identity.ApiClient
            {
                ClientId = clientId,
                Name = "Platform without an account",
                IsConfidential = true,
                SecretHash = SecretHash.Of(secret),
                OrganizationId = TestActors.PartnerAlphaOrganization,
                Scopes = [Permissions.LeadsReadOwn],
                IsEnabled = true,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var handler = new MakCrmTokenHandler(Server.BaseAddress, MakCrmCredentials.ClientCredentials(clientId, secret)) { InnerHandler = new SocketsHttpHandler() };
        var platform = new MakCrmApiClient(Track(new HttpClient(handler) { BaseAddress = Server.BaseAddress }));

        Func<Task>[] calls =
        [
            () => platform.EnrolTwoFactorAsync(),
            () => platform.ConfirmTwoFactorAsync(Code("123456")),
            () => platform.DisableTwoFactorAsync(Code("123456")),
            () => platform.RegenerateRecoveryCodesAsync(Code("123456")),
        ];
        foreach (var call in calls)
        {
            await Expect.ProblemAsync(call, 403, "forbidden");
        }

        // Before enrolment there is nothing to confirm, disable or regenerate.
        var user = SignedIn((await Anonymous().RequestTokenAsync(PasswordGrant(await NewUserAsync()))).Result.Access_token);
        await Expect.ProblemAsync(() => user.DisableTwoFactorAsync(Code("123456")), 409, "two_factor_not_enabled");
        await Expect.ProblemAsync(() => user.RegenerateRecoveryCodesAsync(Code("123456")), 409, "two_factor_not_enabled");
    }

    [Fact]
    public async Task The_token_provider_surfaces_mfa_required_with_the_mfa_token_or_completes_the_sign_in_with_a_code()
    {
        var email = await NewUserAsync();
        var key = await TurnOnTwoFactorAsync(email);
        var credentials = MakCrmCredentials.Password(FirstPartyClients.Cabinet, email, TestActors.Password);

        // Without a source of codes: an authentication exception that names mfa_required and carries the mfa_token.
        var plain = Connect(credentials, new MakCrmTokenOptions());
        var thrown = (await FluentActions.Awaiting(() => plain.Api.ListLeadsAsync()).Should().ThrowAsync<MakCrmAuthenticationException>()).Which;
        thrown.Error.Should().Be("mfa_required");
        thrown.StatusCode.Should().Be(400);
        thrown.ErrorDescription.Should().NotBeNullOrWhiteSpace();
        thrown.MfaToken.Should().NotBeNullOrEmpty();
        thrown.Message.Should().Contain("mfa_required").And.NotContain(TestActors.Password);
        var completed = (await Anonymous().RequestTokenAsync(MfaGrant(thrown.MfaToken!, otp: Oathtool.Totp(key)))).Result;
        Amr(completed.Access_token).Should().Equal("pwd", "otp");

        // With one: the provider sends the code with the mfa-otp grant, and later refreshes without asking again.
        var asked = 0;
        var clock = new ManualClock();
        var tokens = new TokenEndpointRecorder();
        var sdk = Connect(credentials, new MakCrmTokenOptions
        {
            TokenHttpHandler = Track(tokens),
            TimeProvider = clock,
            TwoFactorCode = _ =>
            {
                asked++;
                return ValueTask.FromResult(Oathtool.Totp(key));
            },
        });

        (await sdk.Api.ListLeadsAsync()).StatusCode.Should().Be(200);
        clock.Advance(TimeSpan.FromMinutes(14.5));
        (await sdk.Api.ListLeadsAsync()).StatusCode.Should().Be(200);

        asked.Should().Be(1);
        tokens.Grants.Select(g => (g.GrantType, g.Status)).Should().Equal(
            ("password", 400), (MakCrmTokenProvider.MfaOtpGrantType, 200), ("refresh_token", 200));
        var mfa = tokens.Grants[1];
        mfa.Form.Keys.Should().BeEquivalentTo("grant_type", "client_id", "mfa_token", "otp");
        mfa.Form["client_id"].Should().Be(FirstPartyClients.Cabinet);
        mfa.Form["mfa_token"].Should().NotBeNullOrEmpty().And.Be(tokens.Grants[0].Answer!.String("mfa_token"));
        mfa.Form["otp"].Should().MatchRegex("^[0-9]{6}$");
        Amr(mfa.IssuedAccessToken!).Should().Equal("pwd", "otp");

        // A wrong code fails the sign-in with invalid_grant.
        var wrong = Connect(credentials, new MakCrmTokenOptions { TwoFactorCode = _ => ValueTask.FromResult(Oathtool.WrongTotp(key)) });
        (await FluentActions.Awaiting(() => wrong.Api.ListLeadsAsync()).Should().ThrowAsync<MakCrmAuthenticationException>())
            .Which.Error.Should().Be("invalid_grant");
    }

    private async Task<string> NewUserAsync()
    {
        var email = $"sdk-2fa-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        return email;
    }

    /// <summary>Turns 2FA on for the user through the SDK and returns the shared key.</summary>
    private async Task<string> TurnOnTwoFactorAsync(string email)
    {
        var user = SignedIn((await Anonymous().RequestTokenAsync(PasswordGrant(email))).Result.Access_token);
        var key = (await user.EnrolTwoFactorAsync()).Result.SharedKey;
        (await user.ConfirmTwoFactorAsync(Code(Oathtool.Totp(key)))).Result.Codes.Should().HaveCount(10);
        return key;
    }

    private static async Task<string> MfaRequiredAsync(IMakCrmApiClient anonymous, string email)
    {
        var thrown = (await FluentActions.Awaiting(() => anonymous.RequestTokenAsync(PasswordGrant(email))).Should().ThrowAsync<MakCrmApiException<TokenError>>()).Which;
        thrown.StatusCode.Should().Be(400, "the response was {0}", thrown.Response);
        thrown.Result.Error.Should().Be("mfa_required");
        thrown.Result.Error_description.Should().NotBeNullOrWhiteSpace();
        return thrown.Result.Mfa_token.Should().NotBeNullOrEmpty().And.Subject!;
    }

    private static async Task TokenErrorAsync(Func<Task> call, string error)
    {
        var thrown = (await call.Should().ThrowAsync<MakCrmApiException<TokenError>>()).Which;
        thrown.StatusCode.Should().Be(400, "the response was {0}", thrown.Response);
        thrown.Result.Error.Should().Be(error);
    }

    private static TokenRequest PasswordGrant(string email) =>
        new() { Grant_type = "password", Client_id = FirstPartyClients.Cabinet, Username = email, Password = TestActors.Password };

    private static TokenRequest MfaGrant(string mfaToken, string? otp = null, string? recoveryCode = null) =>
        new() { Grant_type = MakCrmTokenProvider.MfaOtpGrantType, Client_id = FirstPartyClients.Cabinet, Mfa_token = mfaToken, Otp = otp, Recovery_code = recoveryCode };

    private static TwoFactorCodeRequest Code(string code) => new() { Code = code };

    private static IReadOnlyList<string> Amr(string accessToken) =>
        Jwts.Claims(accessToken)["amr"] switch
        {
            JsonArray array => array.Select(a => a!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };

    private MakCrmApiClient SignedIn(string accessToken) => new(Track(Server.CreateHttpClient(accessToken)));

    private (IMakCrmApiClient Api, MakCrmTokenHandler Handler) Connect(MakCrmCredentials credentials, MakCrmTokenOptions options)
    {
        var handler = new MakCrmTokenHandler(Server.BaseAddress, credentials, options) { InnerHandler = new SocketsHttpHandler() };
        var http = Track(new HttpClient(handler) { BaseAddress = Server.BaseAddress });
        return (new MakCrmApiClient(http), handler);
    }
}
