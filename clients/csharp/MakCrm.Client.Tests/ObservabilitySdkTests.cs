using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MakCrm.Infrastructure.Identity;
using MakCrm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.Client.Tests;

/// <summary>
/// What an application sees of the SDK's calls, through <c>AddMakCrmClient</c> against the real server: one log line
/// per call (operation, path template, status, duration, trace id; never the query or a token), the retries, an
/// activity of <see cref="MakCrmDiagnostics.ActivitySourceName"/> per call, a trace id that is the server's, and the
/// SDK's name and version in the <c>User-Agent</c> the server records.
/// </summary>
public sealed class ObservabilitySdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task Calls_are_logged_and_traced_with_the_servers_trace_id_and_without_queries_or_tokens()
    {
        var lines = new ConcurrentQueue<string>();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MakCrmDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var provider = Sdk(lines, TestActor.PartnerAlpha);
        var api = provider.GetRequiredService<IMakCrmApiClient>();

        (await api.ListClientsAsync(q: "+7 999 000-12-34")).StatusCode.Should().Be(200);
        var missing = await Expect.ProblemExceptionAsync(
            () => api.GetClientAsync(Guid.CreateVersion7()), 404, "not_found");

        var logged = string.Join("\n", lines);
        logged.Should().Contain("MaK CRM listClients (GET api/v1/clients) answered 200 in")
            .And.Contain($"MaK CRM getClient (GET api/v1/clients/{{id}}) answered 404 in")
            .And.Contain($"(trace {missing.TraceId})");
        logged.Should().NotContain("000-12-34", "a query may hold personal data").And.NotContain("%2B7")
            .And.NotContain("Bearer", "no token is logged").And.NotContain("eyJ")
            .And.NotContain("System.Net.Http.HttpClient", "the factory's own logging, which writes whole URLs, is off");

        var get = activities.Should().Contain(a => a.DisplayName == "getClient").Which;
        get.Kind.Should().Be(ActivityKind.Client);
        get.TraceId.ToHexString().Should().Be(missing.TraceId, "the server joins the SDK's trace");
        get.GetTagItem("http.response.status_code").Should().Be(404);
        get.GetTagItem("url.template").Should().Be("api/v1/clients/{id}");
    }

    [Fact]
    public async Task Without_anything_listening_a_call_still_carries_a_trace_id_the_server_and_the_log_share()
    {
        var lines = new ConcurrentQueue<string>();
        await using var provider = Sdk(lines, TestActor.PartnerAlpha);
        var api = provider.GetRequiredService<IMakCrmApiClient>();

        var missing = await Expect.ProblemExceptionAsync(
            () => api.GetLeadAsync(Guid.CreateVersion7()), 404, "not_found");

        string.Join("\n", lines).Should().MatchRegex($"getLead .* answered 404 in .* \\(trace {missing.TraceId}\\)");
    }

    [Fact]
    public async Task The_server_records_the_sdks_name_and_version_as_the_user_agent_of_its_sign_in()
    {
        await using var provider = Sdk(new ConcurrentQueue<string>(), TestActor.PartnerBeta);
        var api = provider.GetRequiredService<IMakCrmApiClient>();

        var sessions = (await api.ListMySessionsAsync()).Result.Items;

        sessions.Should().Contain(s => s.Current).Which.UserAgent.Should()
            .Be($"MakCrm.Client/{MakCrmOperations.ContractVersion} (.NET {Environment.Version})");
    }

    [Fact]
    public async Task A_retry_is_logged_with_its_attempt_and_pause()
    {
        var lines = new ConcurrentQueue<string>();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new QueueLoggerProvider(lines)));
        services.AddMakCrmClient(options =>
            {
                options.BaseAddress = Server.BaseAddress;
                options.Retry = new MakCrmRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(1) };
            })
            .ConfigurePrimaryHttpMessageHandler(() => new BusyOnceHandler());
        await using var provider = services.BuildServiceProvider();

        (await provider.GetRequiredService<IMakCrmApiClient>().GetJsonWebKeySetAsync()).StatusCode.Should().Be(200);

        string.Join("\n", lines).Should().Contain("MaK CRM getJsonWebKeySet answered 503: retry 1 of 2 in")
            .And.Contain("MaK CRM getJsonWebKeySet (GET .well-known/jwks.json) answered 200");
    }

    private ServiceProvider Sdk(ConcurrentQueue<string> lines, TestActor actor)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new QueueLoggerProvider(lines)));
        services.AddMakCrmClient(options =>
        {
            options.BaseAddress = Server.BaseAddress;
            options.Credentials =
                MakCrmCredentials.Password(FirstPartyClients.Cabinet, actor.Email(), TestActors.Password);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Answers the first request 503 (<c>Retry-After: 0</c>) itself and sends the rest on.</summary>
    private sealed class BusyOnceHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
        {
            if (Interlocked.Increment(ref _calls) > 1)
            {
                return base.SendAsync(request, token);
            }

            var busy = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return Task.FromResult(busy);
        }
    }

    /// <summary>Every log line, whatever its category and level, as text.</summary>
    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel,
                EventId eventId,
                TState state,
                Exception? exception,
                Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)}");
        }
    }
}
