using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Users;
using MakCrm.Domain.Common;
using MakCrm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// Errors sent to a Sentry-compatible server: a receiver on 127.0.0.1 takes the SDK's envelopes as Sentry's ingestion
/// endpoint would, and the test reads what left the API — the event, its release and trace id, and no personal data.
/// </summary>
public sealed class ErrorTrackingTests(ErrorTrackingTests.Fixture server) : IClassFixture<ErrorTrackingTests.Fixture>
{
    private const string Release = "mak-crm-api@test-release";
    private const string Email = "ivan.petrov@example.ru";

    /// <summary>A server whose <c>GET /api/v1/me</c> fails with an exception naming a person, and a DSN of the receiver.</summary>
    public sealed class Fixture : ApiServerFixture
    {
        public Fixture()
            : this(SentryReceiver.Start())
        {
        }

        private Fixture(SentryReceiver receiver)
            : base(
                new Dictionary<string, string>
                {
                    ["Mak:Sentry:Dsn"] = $"http://0123456789abcdef0123456789abcdef@127.0.0.1:{receiver.Port}/42",
                    ["Mak:Sentry:Release"] = Release,
                    [ExchangeRecorder.FailsOnPurposeSetting] = "true",
                },
                services => services.AddTransient<IQueryHandler<GetMeQuery, Contracts.Me>, FailingMe>())
        {
            Receiver = receiver;
        }

        public SentryReceiver Receiver { get; }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }

    private sealed class FailingMe : IQueryHandler<GetMeQuery, Contracts.Me>
    {
        public Task<Result<Contracts.Me>> Handle(GetMeQuery query, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"The profile of {Email} (phone +7 999 123-45-67) could not be read.");
    }

    [Fact]
    public async Task An_unhandled_error_reaches_the_receiver_with_release_and_trace_id_and_without_personal_data()
    {
        var token = await server.AccessTokenAsync(TestActor.PartnerAlpha);
        using var http = server.CreateHttpClient(token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", "session=cookie-secret-value");
        request.Headers.Add("X-Forwarded-For", "203.0.113.77");

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("code").GetString().Should().Be("internal_error");
        var traceId = problem.GetProperty("traceId").GetString()!;

        var (envelope, sentEvent) = await server.Receiver.WaitForEventAsync(
            e => e.TryGetProperty("exception", out var exception) && exception.ToString().Contains(nameof(InvalidOperationException), StringComparison.Ordinal));

        sentEvent.GetProperty("release").GetString().Should().Be(Release);
        sentEvent.GetProperty("contexts").GetProperty("trace").GetProperty("trace_id").GetString().Should().Be(traceId);
        sentEvent.GetProperty("tags").GetProperty("trace_id").GetString().Should().Be(traceId);
        var exceptionValue = sentEvent.GetProperty("exception").GetProperty("values").EnumerateArray()
            .Single(v => v.GetProperty("type").GetString() == typeof(InvalidOperationException).FullName).GetProperty("value").GetString();
        exceptionValue.Should().Be("The profile of [email] (phone [phone]) could not be read.");
        sentEvent.GetProperty("request").GetProperty("url").GetString().Should().EndWith("/api/v1/me");

        // Nothing personal anywhere in what was sent: no e-mail, phone, token, cookie, address or user.
        envelope.Should().NotContain(Email).And.NotContain("123-45-67").And.NotContain(token).And.NotContain("cookie-secret-value")
            .And.NotContain("203.0.113.77").And.NotContain(TestActor.PartnerAlpha.Email()).And.NotContain("127.0.0.1\"");
        if (sentEvent.TryGetProperty("user", out var user))
        {
            user.EnumerateObject().Should().BeEmpty();
        }
    }

    /// <summary>Sentry's ingestion endpoint for envelopes (<c>POST /api/{project}/envelope/</c>), on a free loopback port.</summary>
    public sealed class SentryReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _envelopes = new();

        private SentryReceiver()
        {
            (_app, Port) = LoopbackApp.Start(app => app.MapPost("/api/{project}/envelope/", async (HttpContext http) =>
            {
                Stream body = http.Request.Body;
                if (http.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
                {
                    body = new GZipStream(body, CompressionMode.Decompress);
                }

                using var reader = new StreamReader(body, Encoding.UTF8);
                _envelopes.Enqueue(await reader.ReadToEndAsync());
                return Results.Json(new { id = Guid.NewGuid().ToString("N") });
            }));
        }

        public int Port { get; }

        public static SentryReceiver Start() => new();

        /// <summary>The first envelope with an event that matches, and that event (the envelope's item after its header).</summary>
        public async Task<(string Envelope, JsonElement Event)> WaitForEventAsync(Func<JsonElement, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                foreach (var envelope in _envelopes)
                {
                    var lines = envelope.Split('\n');
                    for (var i = 1; i + 1 < lines.Length; i++)
                    {
                        if (ItemType(lines[i]) == "event")
                        {
                            var sentEvent = JsonDocument.Parse(lines[i + 1]).RootElement.Clone();
                            if (match(sentEvent))
                            {
                                return (envelope, sentEvent);
                            }
                        }
                    }
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"No matching event arrived; envelopes: {string.Join("\n---\n", _envelopes)}");
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        /// <summary>The <c>type</c> of an envelope's item header line, or <c>null</c> for a line that is not one.</summary>
        private static string? ItemType(string line)
        {
            try
            {
                using var header = JsonDocument.Parse(line);
                return header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
