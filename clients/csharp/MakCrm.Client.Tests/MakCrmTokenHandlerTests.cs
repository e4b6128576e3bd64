using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MakCrm.Client.Tests;

/// <summary>
/// The token handler's behaviour that the real server cannot be made to show on demand, against a scripted server:
/// 401s racing on one token, the refresh-ahead window, a token endpoint that is rate limited, and requests that bring
/// their own Authorization.
/// </summary>
public sealed class MakCrmTokenHandlerTests : IDisposable
{
    private static readonly Uri Server = new("http://crm.test/");
    private readonly ScriptedServer _server = new();
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        _server.Dispose();
    }

    [Fact]
    public async Task Concurrent_401s_of_one_token_renew_it_once()
    {
        const int Parallel = 8;
        var allRefused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = 0;
        _server.Api = async request =>
        {
            if (request.Headers.Authorization?.Parameter == "token-1")
            {
                // Hold every answer until all requests have been sent with the first token, then refuse them all.
                if (Interlocked.Increment(ref refused) == Parallel)
                {
                    allRefused.SetResult();
                }

                await allRefused.Task.WaitAsync(TimeSpan.FromSeconds(10));
                return new HttpResponseMessage(HttpStatusCode.Unauthorized);
            }

            return Json(HttpStatusCode.OK, """{"items":[],"nextCursor":null}""");
        };
        var api = Sdk(MakCrmCredentials.ClientCredentials("bot", "secret"));

        var pages = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => api.ListClientsAsync()));

        pages.Should().OnlyContain(page => page.StatusCode == 200);
        _server.TokenRequests.Should().HaveCount(2, "one sign-in, then one renewal shared by every refused request");
        _server.ApiTokens.Should().HaveCount(2 * Parallel);
        _server.ApiTokens.Count(t => t == "token-2").Should().Be(Parallel);
    }

    [Fact]
    public async Task A_token_is_renewed_at_most_half_its_lifetime_early_and_the_clock_decides_when()
    {
        var clock = new ManualClock();
        _server.ExpiresIn = 60;
        var api = Sdk(MakCrmCredentials.ClientCredentials("bot", "secret"), new MakCrmTokenOptions { TimeProvider = clock, RefreshBeforeExpiry = TimeSpan.FromMinutes(5) });

        await api.ListClientsAsync();
        clock.Advance(TimeSpan.FromSeconds(29));
        await api.ListClientsAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        await api.ListClientsAsync();

        _server.ApiTokens.Should().Equal("token-1", "token-1", "token-2");
    }

    [Fact]
    public async Task A_refresh_without_a_new_refresh_token_keeps_the_old_one()
    {
        var clock = new ManualClock();
        _server.IssueRefreshTokens = grant => grant == "password";
        var api = Sdk(MakCrmCredentials.Password("mak-cabinet", "user@test.mak", "pw"), new MakCrmTokenOptions { TimeProvider = clock });

        await api.ListClientsAsync();
        clock.Advance(TimeSpan.FromMinutes(15));
        await api.ListClientsAsync();
        clock.Advance(TimeSpan.FromMinutes(15));
        await api.ListClientsAsync();

        _server.TokenRequests.Select(form => (form["grant_type"], form.GetValueOrDefault("refresh_token")))
            .Should().Equal(("password", null), ("refresh_token", "refresh-1"), ("refresh_token", "refresh-1"));
    }

    [Fact]
    public async Task A_rate_limited_token_endpoint_is_an_authentication_exception_without_an_OAuth_error()
    {
        _server.Token = _ =>
        {
            var response = Json(HttpStatusCode.TooManyRequests, """{"type":"urn:mak:problem:too_many_requests","title":"Too many requests.","status":429,"code":"too_many_requests","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""", "application/problem+json");
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(42));
            return Task.FromResult(response);
        };
        var api = Sdk(MakCrmCredentials.ClientCredentials("bot", "secret"));

        var thrown = await FluentActions.Awaiting(() => api.ListClientsAsync()).Should().ThrowAsync<MakCrmAuthenticationException>();

        thrown.Which.StatusCode.Should().Be(429);
        thrown.Which.Error.Should().BeNull();
        thrown.Which.Headers["Retry-After"].Should().Equal("42");
        thrown.Which.Problem!.Code.Should().Be("too_many_requests");
        _server.ApiTokens.Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_with_its_own_Authorization_is_sent_as_it_is()
    {
        Sdk(MakCrmCredentials.ClientCredentials("bot", "secret"), out var http);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/clients");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "mine");

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _server.ApiTokens.Should().Equal("mine");
        _server.TokenRequests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_token_endpoint_is_relative_to_a_server_address_with_a_path()
    {
        var gateway = new Uri("http://crm.test/gateway");
        var handler = Track(new MakCrmTokenHandler(gateway, MakCrmCredentials.ClientCredentials("bot", "secret"), new MakCrmTokenOptions { TokenHttpHandler = _server })
        {
            InnerHandler = _server,
        });
        var http = Track(new HttpClient(handler) { BaseAddress = new Uri("http://crm.test/gateway/") });

        await new MakCrmApiClient(http).ListClientsAsync();

        _server.Uris.Should().Equal(new Uri("http://crm.test/gateway/connect/token"), new Uri("http://crm.test/gateway/api/v1/clients"));
    }

    [Fact]
    public async Task A_cancelled_call_throws_OperationCanceledException_and_the_next_one_signs_in()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var original = _server.Token;
        _server.Token = async form =>
        {
            await release.Task;
            return await original(form);
        };
        var api = Sdk(MakCrmCredentials.ClientCredentials("bot", "secret"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await FluentActions.Awaiting(() => api.ListClientsAsync(cancellationToken: cancellation.Token)).Should().ThrowAsync<OperationCanceledException>();
        release.SetResult();

        (await api.ListClientsAsync()).StatusCode.Should().Be(200);
        _server.ApiTokens.Should().ContainSingle();
    }

    [Fact]
    public void Credentials_never_show_their_secret()
    {
        MakCrmCredentials.ClientCredentials("bot", "top-secret", ["leads.write"]).ToString().Should().NotContain("top-secret").And.Contain("bot");
        MakCrmCredentials.Password("mak-cabinet", "user@test.mak", "top-secret").ToString().Should().NotContain("top-secret").And.Contain("user@test.mak");
        FluentActions.Invoking(() => MakCrmCredentials.ClientCredentials("bot", "secret", ["leads.read.own leads.write"])).Should().Throw<ArgumentException>();
    }

    private IMakCrmApiClient Sdk(MakCrmCredentials credentials, MakCrmTokenOptions? options = null) => Sdk(credentials, out _, options);

    private IMakCrmApiClient Sdk(MakCrmCredentials credentials, out HttpClient http, MakCrmTokenOptions? options = null)
    {
        options = new MakCrmTokenOptions
        {
            TokenHttpHandler = _server,
            TimeProvider = options?.TimeProvider ?? TimeProvider.System,
            RefreshBeforeExpiry = options?.RefreshBeforeExpiry ?? TimeSpan.FromSeconds(60),
        };
        var handler = Track(new MakCrmTokenHandler(Server, credentials, options) { InnerHandler = _server });
        http = Track(new HttpClient(handler) { BaseAddress = Server });
        return new MakCrmApiClient(http);
    }

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _disposables.Add(disposable);
        return disposable;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    /// <summary>
    /// A fake MaK CRM: <c>/connect/token</c> issues <c>token-1</c>, <c>token-2</c>, ... (and <c>refresh-N</c>), and
    /// the API answers an empty page, unless a test replaces <see cref="Token"/> or <see cref="Api"/>. It is both the
    /// token provider's connection and the API pipeline's inner handler.
    /// </summary>
    private sealed class ScriptedServer : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Uri> _uris = new();
        private readonly ConcurrentQueue<Dictionary<string, string>> _tokenRequests = new();
        private readonly ConcurrentQueue<string?> _apiTokens = new();
        private int _issued;

        public ScriptedServer()
        {
            Token = form =>
            {
                var n = Interlocked.Increment(ref _issued);
                var refresh = IssueRefreshTokens(form["grant_type"]) ? $"\"refresh-{n}\"" : "null";
                return Task.FromResult(Json(HttpStatusCode.OK, $$"""{"access_token":"token-{{n}}","token_type":"Bearer","expires_in":{{ExpiresIn}},"refresh_token":{{refresh}},"scope":"clients.read.own"}"""));
            };
            Api = _ => Task.FromResult(Json(HttpStatusCode.OK, """{"items":[],"nextCursor":null}"""));
        }

        public int ExpiresIn { get; set; } = 900;

        public Func<string, bool> IssueRefreshTokens { get; set; } = grant => grant != "client_credentials";

        public Func<Dictionary<string, string>, Task<HttpResponseMessage>> Token { get; set; }

        public Func<HttpRequestMessage, Task<HttpResponseMessage>> Api { get; set; }

        public IReadOnlyList<Uri> Uris => [.. _uris];

        public IReadOnlyList<Dictionary<string, string>> TokenRequests => [.. _tokenRequests];

        public IReadOnlyList<string?> ApiTokens => [.. _apiTokens];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _uris.Enqueue(request.RequestUri!);
            if (request.RequestUri!.AbsolutePath.EndsWith("/connect/token", StringComparison.Ordinal))
            {
                var form = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&')
                    .Select(pair => pair.Split('='))
                    .ToDictionary(pair => pair[0], pair => WebUtility.UrlDecode(pair[1]));
                _tokenRequests.Enqueue(form);
                return await Token(form).WaitAsync(cancellationToken);
            }

            _apiTokens.Enqueue(request.Headers.Authorization?.Parameter);
            return await Api(request);
        }
    }
}
