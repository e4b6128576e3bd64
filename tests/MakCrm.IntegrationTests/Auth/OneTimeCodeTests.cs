using System.Net;
using System.Text.Json.Nodes;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>
/// A TOTP code is accepted once (RFC 6238 §5.2), and so is an mfa_token and a recovery code — also when copies of the
/// same request arrive together.
/// </summary>
public sealed class OneTimeCodeTests(ApiServerFixture server) : AuthTest(server)
{
    private const int Parallel = 12;

    [Fact]
    public async Task A_code_that_signed_in_once_does_not_sign_in_again()
    {
        var (email, secret, _) = await UserWithTwoFactor();
        var code = Oathtool.Totp(secret);

        await ExpectTokens(await MfaGrant(await MfaToken(email), otp: code));

        await ExpectOAuthError(await MfaGrant(await MfaToken(email), otp: code), 400, "invalid_grant");
        await ExpectTokens(await MfaGrant(await MfaToken(email), otp: Oathtool.Totp(secret)));
    }

    [Fact]
    public async Task The_code_that_confirmed_two_factor_does_not_sign_in_and_a_code_does_not_change_the_account_twice()
    {
        var email = $"otp-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, MakCrm.Domain.Access.Roles.Partner, TestActors.PartnerAlphaOrganization);
        using var enrolling = Server.CreateHttpClient((await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>());
        var secret = (await ExpectJson(await enrolling.PostAsync("/api/v1/account/two-factor/enrolment", null), HttpStatusCode.OK))["sharedKey"]!.GetValue<string>();
        var confirmation = Oathtool.Totp(secret);
        await ExpectJson(await enrolling.PostAsync("/api/v1/account/two-factor/confirmation", CodeBody(confirmation)), HttpStatusCode.OK);

        await ExpectOAuthError(await MfaGrant(await MfaToken(email), otp: confirmation), 400, "invalid_grant");

        var signInCode = Oathtool.Totp(secret);
        using var user = Server.CreateHttpClient((await ExpectTokens(await MfaGrant(await MfaToken(email), otp: signInCode)))["access_token"]!.GetValue<string>());
        await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/recovery-codes", CodeBody(signInCode)), HttpStatusCode.BadRequest, "validation_failed");
        var renewal = Oathtool.Totp(secret);
        await ExpectJson(await user.PostAsync("/api/v1/account/two-factor/recovery-codes", CodeBody(renewal)), HttpStatusCode.OK);
        await ExpectProblem(await user.PostAsync("/api/v1/account/two-factor/disable", CodeBody(renewal)), HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task An_mfa_token_signs_in_once()
    {
        var (email, secret, recoveryCodes) = await UserWithTwoFactor();
        var mfaToken = await MfaToken(email);

        await ExpectTokens(await MfaGrant(mfaToken, otp: Oathtool.Totp(secret)));

        await ExpectOAuthError(await MfaGrant(mfaToken, otp: Oathtool.Totp(secret)), 400, "invalid_grant");
        await ExpectOAuthError(await MfaGrant(mfaToken, recoveryCode: recoveryCodes[0]), 400, "invalid_grant");
        await ExpectTokens(await MfaGrant(await MfaToken(email), recoveryCode: recoveryCodes[0]));
    }

    [Fact]
    public async Task Copies_of_one_mfa_otp_request_sent_together_give_exactly_one_session()
    {
        for (var round = 0; round < 2; round++)
        {
            var (email, secret, _) = await UserWithTwoFactor();
            var mfaToken = await MfaToken(email);
            var code = Oathtool.Totp(secret);

            var answers = await Together(Parallel, _ => Read(MfaGrant(mfaToken, otp: code)));

            answers.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1, "the answers were {0}", Describe(answers));
            answers.Where(a => a.Status != HttpStatusCode.OK).Should().OnlyContain(a => a.Status == HttpStatusCode.BadRequest && a.Body.Contains("invalid_grant"));
        }
    }

    [Fact]
    public async Task One_code_with_several_mfa_tokens_sent_together_gives_exactly_one_session()
    {
        var (email, secret, _) = await UserWithTwoFactor();
        var mfaTokens = await MfaTokens(email);

        var code = Oathtool.Totp(secret);
        var answers = await Together(Parallel, i => Read(MfaGrant(mfaTokens[i], otp: code)));

        answers.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1, "the answers were {0}", Describe(answers));
    }

    [Fact]
    public async Task One_recovery_code_sent_together_with_several_mfa_tokens_gives_exactly_one_session()
    {
        var (email, _, recoveryCodes) = await UserWithTwoFactor();
        var mfaTokens = await MfaTokens(email);

        var answers = await Together(Parallel, i => Read(MfaGrant(mfaTokens[i], recoveryCode: recoveryCodes[0])));

        answers.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1, "the answers were {0}", Describe(answers));
        answers.Should().NotContain(a => (int)a.Status >= 500);
    }

    private async Task<List<string>> MfaTokens(string email)
    {
        var tokens = new List<string>();
        for (var i = 0; i < Parallel; i++)
        {
            tokens.Add(await MfaToken(email));
        }

        return tokens;
    }

    private static string Describe(IEnumerable<(HttpStatusCode Status, string Body)> answers) =>
        string.Join("; ", answers.Select(a => $"{(int)a.Status} {(a.Status == HttpStatusCode.OK ? "tokens" : JsonNode.Parse(a.Body)?["error_description"])}"));
}
