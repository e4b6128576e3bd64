using System.Net;
using System.Net.Http.Headers;

namespace MakCrm.Client.Tests;

/// <summary>The retry and idempotency handlers over a scripted server (no network), and the contract's operation table.</summary>
public sealed class RetryAndIdempotencyHandlerTests
{
    private static readonly Uri Server = new("http://crm.test/gateway/");

    [Fact]
    public async Task A_read_answered_503_then_429_is_repeated_after_retry_after_and_succeeds()
    {
        var script = new ScriptedServer(Answer(HttpStatusCode.ServiceUnavailable, retryAfter: 0), Answer(HttpStatusCode.TooManyRequests, retryAfter: 0), Answer(HttpStatusCode.OK));
        var api = Client(script);

        var leads = await api.ListLeadsAsync();

        leads.StatusCode.Should().Be(200);
        script.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_post_without_idempotency_key_is_not_repeated_and_the_problem_names_its_operation()
    {
        var script = new ScriptedServer(Answer(HttpStatusCode.ServiceUnavailable, retryAfter: 0, problem: "service_unavailable"));
        var api = Client(script);

        var thrown = await FluentActions.Awaiting(() => api.CheckDuplicatesAsync(new DuplicateCheckRequest { Phone = "+79991234567" })).Should().ThrowAsync<MakCrmApiException>();

        script.Requests.Should().ContainSingle();
        script.Requests[0].IdempotencyKey.Should().BeNull("checkDuplicates creates nothing, so it takes no key in the contract");
        thrown.Which.Code.Should().Be(MakProblemCodes.ServiceUnavailable);
        thrown.Which.Operation.Should().Be("checkDuplicates");
        thrown.Which.TraceId.Should().Be("trace-1");
        thrown.Which.Message.Should().Contain("checkDuplicates failed: 503 service_unavailable").And.Contain("trace-1");
    }

    [Fact]
    public async Task An_operation_that_takes_a_key_gets_one_kept_across_retries_and_a_key_of_the_caller_is_kept()
    {
        var script = new ScriptedServer(Answer(HttpStatusCode.TooManyRequests, retryAfter: 0), Answer(HttpStatusCode.Created), Answer(HttpStatusCode.Created));
        var api = Client(script);
        var lot = Guid.NewGuid();

        await api.PlaceBidAsync(lot, new PlaceBidRequest { Amount = 1600m }, idempotency_Key: "");
        await api.PlaceBidAsync(lot, new PlaceBidRequest { Amount = 1700m }, idempotency_Key: "mine-1");

        script.Requests.Should().HaveCount(3);
        script.Requests[0].IdempotencyKey.Should().NotBeNullOrWhiteSpace("an empty key counts as none and is replaced");
        script.Requests[1].IdempotencyKey.Should().Be(script.Requests[0].IdempotencyKey, "a retry repeats the same request");
        script.Requests[2].IdempotencyKey.Should().Be("mine-1");
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_maximum_reaches_the_caller_at_once()
    {
        var script = new ScriptedServer(Answer(HttpStatusCode.TooManyRequests, retryAfter: 3600, problem: "too_many_requests"));
        var api = Client(script);

        var thrown = await FluentActions.Awaiting(() => api.ListLeadsAsync()).Should().ThrowAsync<MakCrmApiException>();

        thrown.Which.StatusCode.Should().Be(429);
        script.Requests.Should().ContainSingle();
    }

    [Fact]
    public void The_operation_table_comes_from_the_contract_and_prefers_literal_paths()
    {
        MakCrmOperations.Find("GET", "/gateway/api/v1/leads/0190a1b2-0000-7000-8000-000000000000")!.Id.Should().Be("getLead");
        MakCrmOperations.Find("POST", "api/v1/lots/x/bids?y=1")!.TakesIdempotencyKey.Should().BeTrue();
        MakCrmOperations.All.Select(o => o.Id).Should().OnlyHaveUniqueItems().And.Contain(["listLeads", "createLead", "submitLead"]);
        MakProblemCodes.All.Should().Contain([MakProblemCodes.NotFound, MakProblemCodes.IdempotencyKeyReused]);
        MakProblemCodes.NotFound.Should().Be("not_found");
    }

    private static MakCrmApiClient Client(ScriptedServer script)
    {
        var handler = new MakCrmIdempotencyHandler
        {
            InnerHandler = new MakCrmRetryHandler(new MakCrmRetryOptions { MaxRetries = 3, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromSeconds(5) })
            {
                InnerHandler = script,
            },
        };
        return new MakCrmApiClient(new HttpClient(handler) { BaseAddress = Server });
    }

    private static Func<HttpRequestMessage, HttpResponseMessage> Answer(HttpStatusCode status, int? retryAfter = null, string? problem = null) => request =>
    {
        var response = new HttpResponseMessage(status) { RequestMessage = request };
        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        var body = problem is not null
            ? $$"""{"type":"urn:mak:problem:{{problem}}","title":"Problem","status":{{(int)status}},"code":"{{problem}}","traceId":"trace-1"}"""
            : status == HttpStatusCode.Created
                ? """{"id":"0190a1b2-0000-7000-8000-000000000001","lotId":"0190a1b2-0000-7000-8000-000000000002","amount":1600,"placedAt":"2026-01-01T00:00:00Z"}"""
                : """{"items":[],"nextCursor":null}""";
        response.Content = new StringContent(body, System.Text.Encoding.UTF8, problem is null ? "application/json" : "application/problem+json");
        return response;
    };

    private sealed record Sent(HttpMethod Method, string Path, string? IdempotencyKey);

    private sealed class ScriptedServer(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        private int _next;

        public List<Sent> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new Sent(request.Method, request.RequestUri!.AbsolutePath, MakCrmIdempotencyHandler.KeyOf(request)));
            return Task.FromResult(answers[Math.Min(_next++, answers.Length - 1)](request));
        }
    }
}
