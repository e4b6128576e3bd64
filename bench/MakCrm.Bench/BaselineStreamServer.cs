using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Npgsql;

namespace MakCrm.Bench;

/// <summary>
/// The baseline of the stream benchmark, in a process of its own (<see cref="BaselineProcess"/>): the lead baseline's
/// endpoint (<see cref="BaselineLeadSubmission"/>, which writes the same event rows as the API in the lead's
/// transaction) and the least code that pushes committed events over server-sent events — one connection LISTENs on
/// <c>mak_events_raised</c> (the statement trigger on <c>events</c> notifies it as a transaction that wrote events
/// commits, on both sides), reads the rows after the last one it read (by <c>position</c>), frames each once as
/// <c>id</c>/<c>event</c>/<c>data</c> with the row as JSON (PostgreSQL's <c>json_build_object</c>) and hands the frame
/// to every open stream, each of which writes and flushes it. No authentication, no per-caller visibility, no sequencer
/// (position order is commit order only while commits do not overlap; the benchmark counts missing receipts).
/// </summary>
internal static class BaselineStreamServer
{
    public const string Command = "serve-stream-baseline";
    public const string StreamPath = "/baseline/stream";

    private const string ReadNew = """
        SELECT position, type, json_build_object(
            'id', id, 'type', type, 'sequence', position, 'occurredAt', occurred_at, 'organizationId', organization_id,
            'actor', json_build_object('userId', actor_user_id, 'clientId', actor_client_id, 'displayName', actor_display_name),
            'resourceType', resource_type, 'resourceId', resource_id, 'data', data)::text
        FROM events WHERE position > $1 ORDER BY position
        """;

    public static Task<ServerProcess> StartAsync(BenchOptions options, string databaseConnection, Partner partner, CancellationToken cancellationToken) =>
        BaselineProcess.StartAsync(options, "stream baseline", Command, databaseConnection, partner, cancellationToken);

    public static Task<int> ServeAsync(string[] args) =>
        BaselineProcess.ServeAsync<Partner>(args, async (dataSource, partner, app) =>
        {
            var leads = new BaselineLeadSubmission(dataSource, partner, await LeadSchema.ReadAsync(dataSource, CancellationToken.None));
            app.MapPost(BaselineServer.Path, leads.HandleAsync);
            var streams = new ConcurrentDictionary<Channel<byte[]>, byte>();
            app.MapGet(StreamPath, async (HttpContext http) =>
            {
                var channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
                streams[channel] = 0;
                try
                {
                    http.Response.ContentType = "text/event-stream";
                    http.Response.Headers.CacheControl = "no-cache";
                    await http.Response.Body.WriteAsync("retry: 3000\n\n"u8.ToArray(), http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                    while (await channel.Reader.WaitToReadAsync(http.RequestAborted))
                    {
                        while (channel.Reader.TryRead(out var frame))
                        {
                            await http.Response.Body.WriteAsync(frame, http.RequestAborted);
                        }

                        await http.Response.Body.FlushAsync(http.RequestAborted);
                    }
                }
                catch (OperationCanceledException)
                {
                    // The client went.
                }
                finally
                {
                    streams.TryRemove(channel, out _);
                }
            });
            _ = Task.Run(async () =>
            {
                try
                {
                    await ListenAsync(dataSource, streams, app.Lifetime.ApplicationStopping);
                }
                catch (Exception ex) when (!app.Lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync($"The stream baseline's listener failed: {ex}");
                }
            });
        });

    private static async Task ListenAsync(NpgsqlDataSource dataSource, ConcurrentDictionary<Channel<byte[]>, byte> streams, CancellationToken stopping)
    {
        await using var listener = await dataSource.OpenConnectionAsync(stopping);
        await using var reader = await dataSource.OpenConnectionAsync(stopping);
        long last;
        await using (var start = new NpgsqlCommand("SELECT COALESCE(max(position), 0) FROM events", reader))
        {
            last = (long)(await start.ExecuteScalarAsync(stopping))!;
        }

        var raised = new SemaphoreSlim(0);
        listener.Notification += (_, _) => raised.Release();
        await using (var listen = new NpgsqlCommand("LISTEN mak_events_raised", listener))
        {
            await listen.ExecuteNonQueryAsync(stopping);
        }

        _ = Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                await listener.WaitAsync(stopping);
            }
        }, stopping);

        while (!stopping.IsCancellationRequested)
        {
            await raised.WaitAsync(stopping);
            while (raised.CurrentCount > 0)
            {
                await raised.WaitAsync(stopping); // one read serves every notification heard so far
            }

            await using var read = new NpgsqlCommand(ReadNew, reader) { Parameters = { new() { Value = last } } };
            await using var rows = await read.ExecuteReaderAsync(stopping);
            while (await rows.ReadAsync(stopping))
            {
                last = rows.GetInt64(0);
                var frame = Encoding.UTF8.GetBytes($"id: {last}\nevent: {rows.GetString(1)}\ndata: {rows.GetString(2)}\n\n");
                foreach (var stream in streams.Keys)
                {
                    stream.Writer.TryWrite(frame);
                }
            }
        }
    }
}
