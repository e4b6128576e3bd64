using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using MakCrm.AmoCrmSimulator;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static MakCrm.IntegrationTests.AmoCrm.AmoCrmAnswers;

namespace MakCrm.IntegrationTests.AmoCrm;

/// <summary>
/// Head office's admin connects its amoCRM account with a long-lived token over the API, reads the connection and
/// disconnects it, against the simulator; every refusal stores nothing.
/// </summary>
public sealed class AmoCrmConnectionApiTests(AmoCrmServer server) : IClassFixture<AmoCrmServer>, IAsyncLifetime
{
    private const string Path = "/api/v1/integrations/amocrm/connection";
    private const string OAuthPath = "/api/v1/integrations/amocrm/oauth";
    private FakeAmoCrm _amo = null!;

    public async Task InitializeAsync()
    {
        await server.ResetDatabaseAsync();
        _amo = await new FakeAmoCrm(new AmoSimulatorOptions { Leads = 10 }).StartAsync();
    }

    public async Task DisposeAsync() => await _amo.DisposeAsync();

    [Fact]
    public async Task An_admin_connects_reads_the_state_without_the_token_and_disconnects_with_audit()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        (await admin.GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var key = Guid.NewGuid().ToString();
        using var connected = await Connect(admin, _amo.LongLivedToken, key);
        var body = await Json(connected, HttpStatusCode.Created);
        body["accountId"]!.GetValue<long>().Should().Be(AmoSeed.AccountId);
        body["state"]!.GetValue<string>().Should().Be("active");
        body["authKind"]!.GetValue<string>().Should().Be("long_lived");
        body["tokenExpiresSoon"]!.GetValue<bool>().Should().BeFalse("the simulator's token lives a year");
        body["lastError"].Should().BeNull();
        body.ToJsonString().Should().NotContain(_amo.LongLivedToken);
        _amo.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v4/account", StringComparison.Ordinal)).Should().Be(1);

        using var replayed = await Connect(admin, _amo.LongLivedToken, key);
        replayed.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await Json(replayed, HttpStatusCode.Created))["id"]!
            .GetValue<string>()
            .Should()
            .Be(body["id"]!.GetValue<string>());
        _amo.Calls.Count(c => c.PathAndQuery.StartsWith("/api/v4/account", StringComparison.Ordinal)).Should().Be(1);

        await ExpectProblem(
            await Connect(admin, _amo.LongLivedToken),
            HttpStatusCode.Conflict,
            "amocrm_already_connected"
        );

        var state = await Json(await admin.GetAsync(Path), HttpStatusCode.OK);
        state["id"]!.GetValue<string>().Should().Be(body["id"]!.GetValue<string>());
        state.ToJsonString().Should().NotContain(_amo.LongLivedToken);
        (await StoredTokenText()).Should().NotContain(_amo.LongLivedToken, "the token is encrypted at rest");

        (await admin.DeleteAsync(Path)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.DeleteAsync(Path)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await AuditActions()).Should().Equal("amocrm.connected", "amocrm.disconnected");
    }

    [Fact]
    public async Task A_token_amoCRM_refuses_is_422_and_stores_nothing()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        var parts = _amo.LongLivedToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes("not-a-signature"))}";
        await ExpectProblem(await Connect(admin, forged), HttpStatusCode.UnprocessableEntity, "amocrm_token_refused");
        await ExpectProblem(await Connect(admin, "not-a-jwt"), HttpStatusCode.BadRequest, "validation_failed");
        (await admin.GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await AuditActions()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_blocked_account_is_422_and_an_unreachable_one_503_storing_nothing()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        _amo.Blocked = true;
        await ExpectProblem(
            await Connect(admin, _amo.LongLivedToken),
            HttpStatusCode.UnprocessableEntity,
            "amocrm_account_blocked"
        );

        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var unreachable = await admin.PostAsJsonAsync(
            Path,
            new { baseUrl = $"http://127.0.0.1:{port}", token = _amo.LongLivedToken }
        );
        await ExpectProblem(unreachable, HttpStatusCode.ServiceUnavailable, "amocrm_unreachable");

        var notLocal = await admin.PostAsJsonAsync(
            Path,
            new { baseUrl = "http://makhq.amocrm.ru", token = _amo.LongLivedToken }
        );
        await ExpectProblem(notLocal, HttpStatusCode.BadRequest, "validation_failed");
        (await admin.GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_head_offices_admin_may_and_connecting_needs_a_step_up()
    {
        foreach (
            var actor in new[] { TestActor.Employee, TestActor.PartnerAlpha, TestActor.Franchisee, TestActor.Guest }
        )
        {
            using var http = await server.CreateHttpClientAsync(actor);
            (await Connect(http, _amo.LongLivedToken))
                .StatusCode.Should()
                .Be(HttpStatusCode.Forbidden, actor.ToString());
            (await http.GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, actor.ToString());
            (await http.DeleteAsync(Path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, actor.ToString());
        }

        var email = $"admin-{Guid.NewGuid():N}@test.mak";
        await server.CreateUserAsync(
            email,
            MakCrm.Domain.Access.Roles.Admin,
            MakCrm.Domain.Organizations.Organization.HeadOfficeId
        );
        var token = (await server.PasswordGrantAsync(email, TestActors.Password))
            .GetProperty("access_token")
            .GetString();
        using var withoutSecondFactor = server.CreateHttpClient(token);
        await ExpectProblem(
            await Connect(withoutSecondFactor, _amo.LongLivedToken),
            HttpStatusCode.Unauthorized,
            "step_up_required"
        );
        (await withoutSecondFactor.GetAsync(Path))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound, "reading needs no step-up");
        _amo.Calls.Should().BeEmpty("nothing reached amoCRM");
    }

    [Fact]
    public async Task OAuth_sends_the_admin_to_amoCRM_checks_the_state_and_exchanges_the_code_once()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        const string redirectUri = "https://mak.example/amocrm/callback";
        var client = new
        {
            baseUrl = _amo.BaseAddress.ToString(),
            clientId = _amo.Options.ClientId,
            clientSecret = _amo.Options.ClientSecret,
            redirectUri,
        };
        var start = await Json(await admin.PostAsJsonAsync(OAuthPath, client), HttpStatusCode.Created);
        var state = start["state"]!.GetValue<string>();
        var authorizeUrl = start["authorizeUrl"]!.GetValue<string>();
        authorizeUrl.Should().StartWith(_amo.BaseAddress + "oauth?").And.Contain($"state={state}");

        // The admin allows the integration in amoCRM, which redirects to the redirect URI with code and state.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var allowed = await browser.GetAsync(authorizeUrl);
        var back = System.Web.HttpUtility.ParseQueryString(allowed.Headers.Location!.Query);
        back["state"].Should().Be(state);
        var code = back["code"]!;

        await ExpectProblem(
            await admin.PostAsJsonAsync(OAuthPath + "/callback", new { state = "forged", code }),
            HttpStatusCode.BadRequest,
            "amocrm_oauth_state_invalid"
        );
        var connected = await Json(
            await admin.PostAsJsonAsync(OAuthPath + "/callback", new { state, code }),
            HttpStatusCode.Created
        );
        connected["authKind"]!.GetValue<string>().Should().Be("oauth");
        connected["accountId"]!.GetValue<long>().Should().Be(AmoSeed.AccountId);
        await ExpectProblem(
            await admin.PostAsJsonAsync(OAuthPath + "/callback", new { state, code }),
            HttpStatusCode.BadRequest,
            "amocrm_oauth_state_invalid"
        );
        await ExpectProblem(
            await admin.PostAsJsonAsync(OAuthPath, client),
            HttpStatusCode.Conflict,
            "amocrm_already_connected"
        );
        (await AuditActions()).Should().Equal("amocrm.connected");
    }

    [Fact]
    public async Task A_code_amoCRM_refuses_is_422_and_the_state_is_spent()
    {
        using var admin = await server.CreateHttpClientAsync(TestActor.Admin);
        var client = new
        {
            baseUrl = _amo.BaseAddress.ToString(),
            clientId = _amo.Options.ClientId,
            clientSecret = _amo.Options.ClientSecret,
            redirectUri = "https://mak.example/amocrm/callback",
        };
        var state = (await Json(await admin.PostAsJsonAsync(OAuthPath, client), HttpStatusCode.Created))[
            "state"
        ]!.GetValue<string>();
        await ExpectProblem(
            await admin.PostAsJsonAsync(OAuthPath + "/callback", new { state, code = "made-up" }),
            HttpStatusCode.UnprocessableEntity,
            "amocrm_token_refused"
        );
        (await admin.GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var code = _amo.IssueAuthorizationCode(client.redirectUri);
        await ExpectProblem(
            await admin.PostAsJsonAsync(OAuthPath + "/callback", new { state, code }),
            HttpStatusCode.BadRequest,
            "amocrm_oauth_state_invalid"
        );
        await ExpectProblem(
            await admin.PostAsJsonAsync(
                OAuthPath,
                new
                {
                    client.baseUrl,
                    client.clientId,
                    client.clientSecret,
                    redirectUri = "http://x",
                }
            ),
            HttpStatusCode.BadRequest,
            "validation_failed"
        );
    }

    private Task<HttpResponseMessage> Connect(HttpClient http, string token, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = JsonContent.Create(new { baseUrl = _amo.BaseAddress.ToString(), token }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return http.SendAsync(request);
    }

    private Task<List<string>> AuditActions() => AmoCrmAnswers.AuditActions(server.Services);

    private async Task<string> StoredTokenText()
    {
        await using var command = server
            .Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("SELECT encode(access_token, 'escape') FROM amocrm_connections");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
