using System.Collections.Concurrent;
using System.Net;
using MakCrm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MakCrm.IntegrationTests.Operations;

/// <summary>
/// Traces over OTLP/HTTP: the Release API as a process of its own, pointed by OpenTelemetry's standard variables at a
/// receiver on 127.0.0.1 that reads the protobuf spans. A request's span parents its handler's, which parents the
/// SQL's.
/// </summary>
public sealed class TracingTests(TracingTests.Fixture server) : IClassFixture<TracingTests.Fixture>
{
    public sealed class Fixture : ApiServerFixture
    {
        public OtlpReceiver Receiver { get; } = new();

        public ApiProcess Process { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Process = await ApiProcess.StartAsync(
                this,
                new Dictionary<string, string>
                {
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Receiver.Port}",
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                    ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                }
            );
        }

        public override async Task DisposeAsync()
        {
            if (Process is not null)
            {
                await Process.DisposeAsync();
            }

            await Receiver.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_request_is_traced_through_its_handler_to_its_sql()
    {
        using var http = server.Process.CreateHttpClient(await server.AccessTokenAsync(TestActor.PartnerAlpha));
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leads");
        request.Headers.Add("traceparent", $"00-{traceId}-0123456789abcdef-01");

        (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        var spans = await server.Receiver.WaitForAsync(
            traceId,
            found => found.Any(s => s.Name == "ListLeadsQuery") && found.Any(s => s.Scope == "Npgsql")
        );
        var requestSpan = spans.Single(s => s.Scope == "Microsoft.AspNetCore");
        requestSpan.ParentSpanId.Should().Be("0123456789abcdef");
        requestSpan.Name.Should().Be("GET /api/v1/leads/");
        var handler = spans.Single(s => s.Name == "ListLeadsQuery");
        handler.Scope.Should().Be("MakCrm.Application");
        handler.ParentSpanId.Should().Be(requestSpan.SpanId);
        spans.Where(s => s.Scope == "Npgsql").Should().Contain(s => s.ParentSpanId == handler.SpanId);
    }

    [Fact]
    public async Task Health_checks_are_not_traced()
    {
        using var http = server.Process.CreateHttpClient();
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("traceparent", $"00-{traceId}-0123456789abcdef-01");
        (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A traced request after it: once its spans are in, the health check's would have been too.
        using var api = server.Process.CreateHttpClient(await server.AccessTokenAsync(TestActor.PartnerAlpha));
        var afterId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var after = new HttpRequestMessage(HttpMethod.Get, "/api/v1/leads");
        after.Headers.Add("traceparent", $"00-{afterId}-0123456789abcdef-01");
        (await api.SendAsync(after)).StatusCode.Should().Be(HttpStatusCode.OK);
        await server.Receiver.WaitForAsync(afterId, found => found.Any(s => s.Scope == "Microsoft.AspNetCore"));

        server.Receiver.Spans(traceId).Should().BeEmpty();
    }

    /// <summary>A span as the receiver read it: hex ids, its name and the instrumentation scope that made it.</summary>
    public sealed record ReceivedSpan(string TraceId, string SpanId, string ParentSpanId, string Name, string Scope);

    /// <summary>
    /// OTLP/HTTP's trace endpoint (<c>POST /v1/traces</c>, protobuf) on a free loopback port. It reads only the fields
    /// the tests look at, by their numbers in opentelemetry-proto: ExportTraceServiceRequest.resource_spans (1) →
    /// ResourceSpans.scope_spans (2) → ScopeSpans.scope (1: name 1) and spans (2) → Span.trace_id (1), span_id (2),
    /// parent_span_id (4), name (5).
    /// </summary>
    public sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentBag<ReceivedSpan> _spans = [];

        public OtlpReceiver()
        {
            (_app, Port) = LoopbackApp.Start(app =>
                app.MapPost(
                    "/v1/traces",
                    async (HttpContext http) =>
                    {
                        using var body = new MemoryStream();
                        await http.Request.Body.CopyToAsync(body);
                        Read(body.ToArray());
                        return Results.Bytes([], "application/x-protobuf");
                    }
                )
            );
        }

        public int Port { get; }

        public IReadOnlyList<ReceivedSpan> Spans(string traceId) => _spans.Where(s => s.TraceId == traceId).ToList();

        public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(
            string traceId,
            Func<IReadOnlyList<ReceivedSpan>, bool> complete
        )
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var spans = Spans(traceId);
                if (complete(spans))
                {
                    return spans;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException(
                $"The trace {traceId} did not arrive whole: {string.Join(", ", Spans(traceId))}"
            );
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private void Read(byte[] request)
        {
            foreach (var resourceSpans in Fields(request, 1))
            {
                foreach (var scopeSpans in Fields(resourceSpans, 2))
                {
                    var scope =
                        Fields(scopeSpans, 1).Select(s => Text(Fields(s, 1).FirstOrDefault())).FirstOrDefault() ?? "";
                    foreach (var span in Fields(scopeSpans, 2))
                    {
                        _spans.Add(
                            new ReceivedSpan(
                                Hex(Fields(span, 1).FirstOrDefault()),
                                Hex(Fields(span, 2).FirstOrDefault()),
                                Hex(Fields(span, 4).FirstOrDefault()),
                                Text(Fields(span, 5).FirstOrDefault()),
                                scope
                            )
                        );
                    }
                }
            }
        }

        private static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);

        private static string Text(byte[]? bytes) => bytes is null ? "" : System.Text.Encoding.UTF8.GetString(bytes);

        /// <summary>The values of the length-delimited fields numbered <paramref name="number"/> of a
        /// message.</summary>
        private static List<byte[]> Fields(byte[] message, int number)
        {
            var found = new List<byte[]>();
            var position = 0;
            while (position < message.Length)
            {
                var key = Varint(message, ref position);
                var (field, wireType) = ((int)(key >> 3), (int)(key & 7));
                switch (wireType)
                {
                    case 0:
                        Varint(message, ref position);
                        break;
                    case 1:
                        position += 8;
                        break;
                    case 5:
                        position += 4;
                        break;
                    case 2:
                        var length = (int)Varint(message, ref position);
                        if (field == number)
                        {
                            found.Add(message[position..(position + length)]);
                        }

                        position += length;
                        break;
                    default:
                        throw new InvalidDataException($"Wire type {wireType} is not protobuf's.");
                }
            }

            return found;
        }

        private static ulong Varint(byte[] message, ref int position)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = message[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
