using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            db.ApiClients.Add(new ApiClient
            {
                ClientId = clientId,
                Name = clientId,
                IsConfidential = true,
                SecretHash = TokenIssuer.Hash(secret),
                OrganizationId = organizationId,
                Scopes = scopes,
                IsEnabled = enabled,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

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
