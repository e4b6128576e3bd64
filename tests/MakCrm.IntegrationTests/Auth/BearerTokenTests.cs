using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.Infrastructure.Security;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Auth;

/// <summary>Every way an access token can be wrong is refused with 401 and <c>WWW-Authenticate: Bearer error="invalid_token"</c>.</summary>
public sealed class BearerTokenTests(ApiServerFixture server) : AuthTest(server)
{
    [Fact]
    public async Task A_request_without_a_token_is_401_with_a_bearer_challenge()
    {
        var response = await Anonymous.GetAsync("/api/v1/leads");

        await ExpectProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        (await GetWithToken("/api/v1/leads", await Server.AccessTokenAsync(TestActor.Employee))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Alg_none_is_refused()
    {
        var claims = await AdminClaims();
        var token = $"{Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })}.{Encode(claims)}.";

        await ExpectInvalidToken(token);
        await ExpectInvalidToken(token + "AAAA");
    }

    [Fact]
    public async Task An_hmac_token_keyed_with_the_public_key_is_refused()
    {
        var admin = await Server.AccessTokenAsync(TestActor.Admin);
        var kid = Header(admin)["kid"]!.GetValue<string>();
        var publicKey = await Server.WithServicesAsync(async services =>
            (await services.GetRequiredService<SigningKeyRing>().CurrentAsync(CancellationToken.None)).Verifying[kid].Rsa.ExportSubjectPublicKeyInfo());
        var input = $"{Encode(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = kid })}.{Encode(Claims(admin))}";
        var signature = HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(input));

        await ExpectInvalidToken($"{input}.{Base64Url.EncodeToString(signature)}");
    }

    [Fact]
    public async Task A_changed_payload_breaks_the_signature()
    {
        var admin = await Server.AccessTokenAsync(TestActor.PartnerAlpha);
        var parts = admin.Split('.');
        var claims = Claims(admin);
        claims["org"] = TestActors.PartnerBetaOrganization.ToString();

        await ExpectInvalidToken($"{parts[0]}.{Encode(claims)}.{parts[2]}");
    }

    [Fact]
    public async Task A_token_signed_by_a_key_of_ours_that_is_not_in_the_key_set_is_refused()
    {
        using var stranger = RSA.Create(2048);
        var token = Jwt.Sign(await AdminClaims(), new SigningKeyRing.Key("stranger", stranger, DateTimeOffset.UtcNow, null));

        await ExpectInvalidToken(token);
    }

    [Theory]
    [InlineData("iss", "\"https://evil.example\"")]
    [InlineData("aud", "\"another-api\"")]
    [InlineData("aud", "[\"another-api\"]")]
    [InlineData("exp", "OLD")]
    [InlineData("nbf", "FUTURE")]
    [InlineData("exp", null)]
    public async Task Authentic_tokens_with_a_wrong_claim_are_refused(string claim, string? value)
    {
        var claims = await AdminClaims();
        var now = DateTimeOffset.UtcNow;
        if (value is null)
        {
            claims.Remove(claim);
        }
        else
        {
            claims[claim] = value switch
            {
                "OLD" => now.AddMinutes(-2).ToUnixTimeSeconds(),
                "FUTURE" => now.AddMinutes(2).ToUnixTimeSeconds(),
                _ => JsonNode.Parse(value),
            };
        }

        await ExpectInvalidToken(await SignWithServerKey(claims));
    }

    [Fact]
    public async Task The_audience_may_be_a_list_that_contains_ours()
    {
        var claims = await AdminClaims();
        claims["aud"] = new JsonArray("another-api", "mak-crm-api");

        (await GetWithToken("/api/v1/leads", await SignWithServerKey(claims))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("..")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.!!!")]
    public async Task Garbage_is_refused_not_crashed_on(string token) => await ExpectInvalidToken(token);

    [Fact]
    public async Task A_basic_authorization_header_is_not_a_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leads");
        request.Headers.Authorization = Basic("admin", "password");

        await ExpectProblem(await Anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task After_a_key_rotation_new_tokens_use_the_new_key_and_old_tokens_still_work()
    {
        var before = (await ExpectTokens(await PasswordGrant(TestActor.Employee.Email())))["access_token"]!.GetValue<string>();

        await Server.WithServicesAsync(async services =>
        {
            await services.GetRequiredService<SigningKeyRing>().RotateAsync(CancellationToken.None);
            return 0;
        });
        var after = (await ExpectTokens(await PasswordGrant(TestActor.Employee.Email())))["access_token"]!.GetValue<string>();

        Header(after)["kid"]!.GetValue<string>().Should().NotBe(Header(before)["kid"]!.GetValue<string>());
        (await GetWithToken("/api/v1/leads", before)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetWithToken("/api/v1/leads", after)).StatusCode.Should().Be(HttpStatusCode.OK);
        var kids = JsonNode.Parse(await Anonymous.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>());
        kids.Should().Contain([Header(before)["kid"]!.GetValue<string>(), Header(after)["kid"]!.GetValue<string>()]);
    }

    private async Task ExpectInvalidToken(string token)
    {
        var response = await GetWithToken("/api/v1/leads", token);
        await ExpectProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer error=\"invalid_token\"");
    }
}
