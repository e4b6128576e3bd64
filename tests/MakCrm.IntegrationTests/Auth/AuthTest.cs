using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using MakCrm.Application.Common;
using MakCrm.Domain.Access;
using MakCrm.Infrastructure.Identity;
using MakCrm.Infrastructure.Persistence;
using MakCrm.Infrastructure.Security;
using MakCrm.IntegrationTests.Infrastructure;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>Helpers for talking to the token endpoint and reading tokens, shared by the auth tests.</summary>
public abstract class AuthTest(ApiServerFixture server) : ApiTest(server)
{
    protected HttpClient Anonymous { get; } = server.CreateHttpClient();

    public override async Task DisposeAsync()
    {
        Anonymous.Dispose();
        await base.DisposeAsync();
    }

    protected Task<HttpResponseMessage> TokenRequest(IDictionary<string, string> form, AuthenticationHeaderValue? basic = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = basic;
        return Anonymous.SendAsync(request);
    }

    protected Task<HttpResponseMessage> PasswordGrant(string username, string password = TestActors.Password, string clientId = FirstPartyClients.Cabinet) =>
        TokenRequest(new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = clientId, ["username"] = username, ["password"] = password });

    protected Task<HttpResponseMessage> RefreshGrant(string refreshToken, string clientId = FirstPartyClients.Cabinet) =>
        TokenRequest(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = clientId, ["refresh_token"] = refreshToken });

    protected static async Task<JsonObject> ExpectTokens(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        response.IsSuccessStatusCode.Should().BeTrue("the token endpoint said {0}", body.ToJsonString());
        response.Headers.CacheControl?.NoStore.Should().BeTrue();
        body["token_type"]!.GetValue<string>().Should().Be("Bearer");
        body["expires_in"]!.GetValue<int>().Should().Be(900);
        return body;
    }

    protected static async Task ExpectOAuthError(HttpResponseMessage response, int status, string error)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, "the body was {0}", text);
        JsonNode.Parse(text)!["error"]!.GetValue<string>().Should().Be(error);
    }

    protected static JsonObject Header(string jwt) => Part(jwt, 0);

    protected static JsonObject Claims(string jwt) => Part(jwt, 1);

    protected static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    /// <summary>Signs claims with the server's current key: to build tokens that are authentic but wrong in one way.</summary>
    protected Task<string> SignWithServerKey(JsonObject claims) =>
        Server.WithServicesAsync(async services => Jwt.Sign(claims, (await services.GetRequiredService<SigningKeyRing>().CurrentAsync(CancellationToken.None)).Signing));

    /// <summary>Valid claims for the admin, as the server would issue them now.</summary>
    protected async Task<JsonObject> AdminClaims() => Claims(await Server.AccessTokenAsync(TestActor.Admin));

    protected async Task<HttpResponseMessage> GetWithToken(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Anonymous.SendAsync(request);
    }

    protected Task RegisterApiClient(string clientId, string secret, Guid organizationId, string[] scopes, bool enabled = true) =>
        Server.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<MakCrmDbContext>();
            db.Set<MakCrm.Infrastructure.Identity.ApiClient>().Add(new ApiClient
            {
                ClientId = clientId,
                Name = clientId,
                IsConfidential = true,
                SecretHash = SecretHash.Of(secret),
                OrganizationId = organizationId,
                Scopes = scopes,
                IsEnabled = enabled,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

    /// <summary>A partner user of its own who has turned two-factor authentication on through the API.</summary>
    protected async Task<(string Email, string Secret, string[] RecoveryCodes)> UserWithTwoFactor()
    {
        var email = $"2fa-{Guid.NewGuid():N}@test.mak";
        await Server.CreateUserAsync(email, Roles.Partner, TestActors.PartnerAlphaOrganization);
        using var user = Server.CreateHttpClient((await ExpectTokens(await PasswordGrant(email)))["access_token"]!.GetValue<string>());
        var secret = (await ExpectJson(await user.PostAsync("/api/v1/account/two-factor/enrolment", null), HttpStatusCode.OK))["sharedKey"]!.GetValue<string>();
        var confirmed = await ExpectJson(await user.PostAsync("/api/v1/account/two-factor/confirmation", CodeBody(Oathtool.Totp(secret))), HttpStatusCode.OK);
        return (email, secret, confirmed["codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
    }

    protected async Task<string> MfaToken(string email)
    {
        var response = await PasswordGrant(email);
        await ExpectOAuthError(response, 400, "mfa_required");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["mfa_token"]!.GetValue<string>();
    }

    protected Task<HttpResponseMessage> MfaGrant(string mfaToken, string? otp = null, string? recoveryCode = null, string clientId = FirstPartyClients.Cabinet)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "urn:mak:params:oauth:grant-type:mfa-otp", ["client_id"] = clientId, ["mfa_token"] = mfaToken };
        if (otp is not null)
        {
            form["otp"] = otp;
        }

        if (recoveryCode is not null)
        {
            form["recovery_code"] = recoveryCode;
        }

        return TokenRequest(form);
    }

    /// <summary>An answer's status and body, read whole (for requests sent <see cref="ApiTest.Together{T}"/>).</summary>
    protected static async Task<(HttpStatusCode Status, string Body)> Read(Task<HttpResponseMessage> pending)
    {
        using var response = await pending;
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The body of an account change that needs a code: <c>{"code": ...}</c>.</summary>
    protected static StringContent CodeBody(string code) => new(Json(new { code }), Encoding.UTF8, "application/json");

    protected static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    private static JsonObject Part(string jwt, int index) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[index]))!.AsObject();

    /// <summary>A valid self-registration of a partner with the given contact e-mail.</summary>
    protected static JsonObject RegistrationBody(string email) => new()
    {
        ["kind"] = "partner",
        ["companyName"] = "ООО «Кредитный Советник»",
        ["legalForm"] = "ooo",
        ["inn"] = "7707083893",
        ["city"] = "Тверь",
        ["niche"] = "Ипотечный брокер",
        ["contactPhone"] = "8 (915) 123-45-67",
        ["contactEmail"] = email,
        ["fullName"] = "Советников Сергей",
        ["password"] = "Partner-Password-2026",
    };
}
