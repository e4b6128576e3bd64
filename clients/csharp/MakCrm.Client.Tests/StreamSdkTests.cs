using System.Collections.Concurrent;
using System.Text;
using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>
/// The live stream through the SDK (<see cref="IMakCrmApiClient.StreamEventsAsync"/>): typed events as they happen,
/// the types filter, resuming from an event id, reconnecting by itself after a drop, problems as exceptions; and the
/// server-sent events parser on its own.
/// </summary>
public sealed class StreamSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_lead_created_after_the_stream_opened_arrives_typed_by_its_type()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Потоков Пётр"))).Result;
        await using var stream = await OpenedStream.OpenAsync(Api, [EventType.Lead_created]);

        var lead = (await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = client.Id, RequestedAmount = 500_000m, Product = LoanProduct.Consumer })).Result;

        var message = (await stream.EventsAsync(id => id == lead.Id, count: 1)).Single();
        message.Type.Should().Be(MakEventTypes.LeadCreated);
        var @event = message.Event!;
        @event.TypeName().Should().Be(MakEventTypes.LeadCreated);
        message.Id.Should().Be(@event.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var carried = @event.DataAs<Lead>();
        carried.Id.Should().Be(lead.Id);
        carried.ClientId.Should().Be(client.Id);
    }

    [Fact]
    public async Task Only_the_event_types_asked_for_are_sent()
    {
        await using var stream = await OpenedStream.OpenAsync(Api, [EventType.Client_created]);

        var first = (await Api.CreateClientAsync(TestData.NewClient("Фильтров Фёдор"))).Result;
        var lead = (await Api.CreateLeadAsync(new CreateLeadRequest { ClientId = first.Id, RequestedAmount = 400_000m, Product = LoanProduct.Consumer })).Result;
        var second = (await Api.CreateClientAsync(TestData.NewClient("Фильтрова Фаина"))).Result;

        var got = await stream.EventsAsync(id => id == first.Id || id == lead.Id || id == second.Id, count: 2);
        got.Select(m => m.Type).Should().Equal(MakEventTypes.ClientCreated, MakEventTypes.ClientCreated);
        got.Select(m => m.Event!.ResourceId).Should().Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task A_new_stream_from_the_last_event_id_gets_the_missed_events_once_each()
    {
        var seen = (await Api.CreateClientAsync(TestData.NewClient("Пропусков Павел"))).Result;
        string lastEventId;
        await using (var first = await OpenedStream.OpenAsync(Api, [EventType.Client_created], lastEventId: "0"))
        {
            lastEventId = (await first.EventsAsync(id => id == seen.Id, count: 1)).Single().Id!;
        }

        var missed = new[]
        {
            (await Api.CreateClientAsync(TestData.NewClient("Пропусков Пётр"))).Result.Id,
            (await Api.CreateClientAsync(TestData.NewClient("Пропускова Полина"))).Result.Id,
        };
        await using var second = await OpenedStream.OpenAsync(Api, [EventType.Client_created], lastEventId);

        var got = await second.EventsAsync(id => id == seen.Id || missed.Contains(id), count: 2);
        got.Select(m => m.Event!.ResourceId).Should().Equal(missed);
        got.Select(m => m.Event!.Sequence).Should().BeInAscendingOrder().And.OnlyContain(s => s > long.Parse(lastEventId, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_dropped_connection_is_opened_again_with_Last_Event_ID_and_nothing_is_missed_or_repeated()
    {
        using var dropping = new DropFirstStreamAfterAnEvent(new HttpClientHandler());
        using var http = new HttpClient(dropping) { BaseAddress = Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await Server.AccessTokenAsync(TestActor.Admin));
        var flaky = new MakCrmApiClient(http);
        var resources = new ConcurrentDictionary<Guid, bool>();
        Task? whileDown = null;
        var options = new MakStreamOptions
        {
            // Created while the stream is down: only the resume can bring it.
            OnReconnect = (_, _) => whileDown ??= Task.Run(async () => resources[(await Api.CreateClientAsync(TestData.NewClient("Обрывов Олег"))).Result.Id] = true),
        };
        await using var stream = await OpenedStream.OpenAsync(flaky, [EventType.Client_created], options: options);

        var before = (await Api.CreateClientAsync(TestData.NewClient("Обрывова Ольга"))).Result;
        resources[before.Id] = true;

        var got = await stream.EventsAsync(resources.ContainsKey, count: 2, TimeSpan.FromSeconds(30));
        got[0].Event!.ResourceId.Should().Be(before.Id);
        resources.Keys.Should().BeEquivalentTo(got.Select(m => m.Event!.ResourceId));
        dropping.LastEventIds.Should().Equal(null, got[0].Id);
    }

    [Fact]
    public async Task Problems_end_the_stream_as_exceptions_a_bad_token_401_and_a_sixth_stream_429()
    {
        using var badToken = Server.CreateHttpClient("not-a-token");
        await Expect.ProblemAsync(() => DrainAsync(new MakCrmApiClient(badToken)), 401, MakProblemCodes.Unauthorized);

        using var partnerHttp = await Server.CreateHttpClientAsync(TestActor.PartnerAlpha);
        var partner = new MakCrmApiClient(partnerHttp);
        var open = new List<OpenedStream>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                open.Add(await OpenedStream.OpenAsync(partner, types: null));
            }

            await Expect.ProblemAsync(() => DrainAsync(partner), 429, MakProblemCodes.StreamLimitReached);
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }
        }

        static async Task DrainAsync(IMakCrmApiClient api)
        {
            await foreach (var message in api.StreamEventsAsync())
            {
                _ = message;
            }
        }
    }

    [Fact]
    public void The_parser_joins_data_lines_defaults_the_type_to_message_and_keeps_the_last_id()
    {
        Parse("data: one\ndata:two\ndata\n\nid: 7\nevent: lead.created\ndata: {}\n\ndata: x\n\n").Messages.Should().Equal(
            new MakSseMessage("message", "one\ntwo\n", ""),
            new MakSseMessage("lead.created", "{}", "7"),
            new MakSseMessage("message", "x", "7"));
    }

    [Fact]
    public void The_parser_takes_CRLF_CR_and_LF_also_split_across_reads_and_drops_one_leading_BOM()
    {
        Parse("\uFEFFdata: a\r", "\ndata: b\r\r", "id: 3\r\n", "data: c\n", "\n").Messages.Should().Equal(
            new MakSseMessage("message", "a\nb", ""),
            new MakSseMessage("message", "c", "3"));
        Parse("\uFEFF\uFEFFdata: x\n\n").Messages.Should().BeEmpty();
    }

    [Fact]
    public void The_parser_reassembles_a_message_split_anywhere()
    {
        const string text = "retry: 3000\n\nid: 1042\nevent: lead.created\ndata: {\"id\":\"é\"}\n\n";
        for (var cut = 1; cut < text.Length; cut++)
        {
            var (messages, retry, _) = Parse(text[..cut], text[cut..]);
            messages.Should().Equal(new MakSseMessage("lead.created", "{\"id\":\"é\"}", "1042"));
            retry.Should().Be(TimeSpan.FromSeconds(3));
        }
    }

    [Fact]
    public void The_parser_reports_comments_and_ignores_unknown_fields_a_bad_retry_an_id_with_NULL_and_an_unterminated_message()
    {
        var (messages, retry, comments) = Parse(": keep-alive\n\nfoo: bar\nretry: 1s\nid: 1\0\ndata: y\n\nid: 5\n\ndata: z\n\ndata: never ended\n");
        comments.Should().Equal("keep-alive");
        retry.Should().BeNull();
        messages.Should().Equal(new MakSseMessage("message", "y", ""), new MakSseMessage("message", "z", "5"));
    }

    [Fact]
    public void Asked_to_the_parser_returns_a_message_with_an_id_and_no_data_in_order_as_one_of_type_empty()
    {
        var parser = new MakSseParser { ReturnIdOnlyMessages = true };
        parser.Push("id: 41\nretry: 3000\n\nid: 42\nevent: lead.created\ndata: {}\n\n: keep-alive\n\n").Should().Equal(
            new MakSseMessage("", "", "41"), new MakSseMessage("lead.created", "{}", "42"));
        new MakSseParser().Push("id: 41\n\n").Should().BeEmpty("the standard dispatches no message without data");
    }

    private static (List<MakSseMessage> Messages, TimeSpan? Retry, List<string> Comments) Parse(params string[] chunks)
    {
        var comments = new List<string>();
        var parser = new MakSseParser { OnComment = comments.Add };
        var messages = chunks.SelectMany(chunk => parser.Push(chunk)).ToList();
        return (messages, parser.Retry, comments);
    }

    /// <summary>A stream whose server has answered (so that what happens next is on it), read a message at a time.</summary>
    private sealed class OpenedStream : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private IAsyncEnumerator<MakStreamMessage> _messages = null!;
        private Task<bool>? _pending;

        public static async Task<OpenedStream> OpenAsync(IMakCrmApiClient api, IEnumerable<EventType>? types, string? lastEventId = null, MakStreamOptions? options = null)
        {
            var stream = new OpenedStream();
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var withOpen = new MakStreamOptions
            {
                OnOpen = reconnected =>
                {
                    options?.OnOpen?.Invoke(reconnected);
                    opened.TrySetResult();
                },
                OnReconnect = options?.OnReconnect,
            };
            stream._messages = api.StreamEventsAsync(types, lastEventId, withOpen, stream._stop.Token).GetAsyncEnumerator(stream._stop.Token);
            // The first read connects and then waits for a message: it is left pending while the test acts.
            stream._pending = stream._messages.MoveNextAsync().AsTask();
            await Task.WhenAny(opened.Task, stream._pending, Task.Delay(TimeSpan.FromSeconds(30)));
            if (!opened.Task.IsCompleted)
            {
                await stream._pending.WaitAsync(TimeSpan.FromSeconds(1));
                throw new InvalidOperationException("The stream did not open.");
            }

            return stream;
        }

        /// <summary>The next <paramref name="count"/> events about the resources <paramref name="about"/> picks.</summary>
        public async Task<List<MakStreamMessage>> EventsAsync(Func<Guid, bool> about, int count, TimeSpan? timeout = null)
        {
            var found = new List<MakStreamMessage>();
            var deadline = Task.Delay(timeout ?? TimeSpan.FromSeconds(15));
            while (found.Count < count)
            {
                var next = _pending ?? _messages.MoveNextAsync().AsTask();
                _pending = next;
                if (await Task.WhenAny(next, deadline) == deadline)
                {
                    throw new TimeoutException($"Got {found.Count} of {count} events: {string.Join(", ", found.Select(m => m.Type))}.");
                }

                _pending = null;
                if (!await next)
                {
                    break;
                }

                if (_messages.Current.Event is { } @event && about(@event.ResourceId))
                {
                    found.Add(_messages.Current);
                }
            }

            return found;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_pending is not null)
            {
                try
                {
                    await _pending;
                }
                catch (OperationCanceledException)
                {
                    // Closed as asked.
                }
            }

            await _messages.DisposeAsync();
            _stop.Dispose();
        }
    }

    /// <summary>Breaks the first stream connection right after the first event it carried, as a network would.</summary>
    private sealed class DropFirstStreamAfterAnEvent(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _streams;

        public ConcurrentQueue<string?> LastEventIds { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.EndsWith("/api/v1/stream", StringComparison.Ordinal))
            {
                return response;
            }

            LastEventIds.Enqueue(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
            if (Interlocked.Increment(ref _streams) > 1)
            {
                return response;
            }

            var body = new BreakingStream(await response.Content.ReadAsStreamAsync(cancellationToken));
            var content = new StreamContent(body);
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
            return response;
        }
    }

    /// <summary>Reads through until a whole message with an <c>id:</c> has passed, then fails as a lost connection.</summary>
    private sealed class BreakingStream(Stream inner) : Stream
    {
        private readonly StringBuilder _carried = new();
        private bool _broken;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_broken)
            {
                throw new IOException("The connection was lost.");
            }

            var read = await inner.ReadAsync(buffer, cancellationToken);
            _carried.Append(Encoding.UTF8.GetString(buffer.Span[..read]));
            var text = _carried.ToString();
            _broken = text.Contains("\nid: ", StringComparison.Ordinal) && text.EndsWith("\n\n", StringComparison.Ordinal);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
