using System.Text;
using System.Text.Json;
using MakCrm.WebApi.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MakCrm.UnitTests.WebApi;

public sealed partial class JsonLinesLoggingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 18, 30, 5, 123, TimeSpan.Zero);

    [Fact]
    public void An_entry_is_one_json_line_in_the_console_format_with_its_values_typed()
    {
        var output = new RecordingStream();
        var writer = new LogLineWriter(output);
        using (var factory = Factory(writer))
        {
            Answered(factory.CreateLogger("MakCrm.WebApi.AccessLog"), "POST", "/api/v1/lots/1/bids", 409, "bid_too_low", 2.5);
        }

        writer.Dispose();

        var line = output.Lines().Should().ContainSingle().Subject;
        var entry = JsonDocument.Parse(line).RootElement;
        entry.GetProperty("Timestamp").GetString().Should().Be("2026-11-21T18:30:05.123Z");
        entry.GetProperty("EventId").GetInt32().Should().Be(1);
        entry.GetProperty("LogLevel").GetString().Should().Be("Information");
        entry.GetProperty("Category").GetString().Should().Be("MakCrm.WebApi.AccessLog");
        entry.GetProperty("Message").GetString().Should().Be("POST /api/v1/lots/1/bids answered 409 bid_too_low in 2.5 ms");
        var state = entry.GetProperty("State");
        state.GetProperty("Method").GetString().Should().Be("POST");
        state.GetProperty("StatusCode").GetInt32().Should().Be(409);
        state.GetProperty("ElapsedMs").GetDouble().Should().Be(2.5);
        state.GetProperty("{OriginalFormat}").GetString().Should().StartWith("{Method} {Path}");
        entry.TryGetProperty("Exception", out _).Should().BeFalse();
        entry.TryGetProperty("Scopes", out _).Should().BeFalse();
    }

    [Fact]
    public void An_exception_stays_on_the_line_and_scopes_are_written_only_when_turned_on()
    {
        var output = new RecordingStream();
        var writer = new LogLineWriter(output);
        using (var factory = Factory(writer, o => o.IncludeScopes = true))
        {
            var logger = factory.CreateLogger("Probe");
            using (logger.BeginScope(new Dictionary<string, object?> { ["TraceId"] = "abc" }))
            {
                logger.LogError(Thrown(), "Failed for {Lead}", "L-1");
            }
        }

        writer.Dispose();

        var entry = JsonDocument.Parse(output.Lines().Single()).RootElement;
        entry.GetProperty("LogLevel").GetString().Should().Be("Error");
        entry.GetProperty("Exception").GetString().Should().Contain("InvalidOperationException: broken").And.NotContain("\n");
        entry.GetProperty("Scopes")[0].GetProperty("TraceId").GetString().Should().Be("abc");
    }

    [Fact]
    public void Lines_logged_together_go_out_in_order_in_one_write_without_waiting_for_the_end()
    {
        var output = new RecordingStream();
        using var writer = new LogLineWriter(output, TimeSpan.FromSeconds(1), capacity: 1000);
        using var factory = Factory(writer);
        var logger = factory.CreateLogger("Probe");

        for (var i = 0; i < 100; i++)
        {
            logger.LogInformation("Line {Number}", i);
        }

        output.WaitForLines(100);
        output.Lines().Select(l => JsonDocument.Parse(l).RootElement.GetProperty("State").GetProperty("Number").GetInt32())
            .Should().Equal(Enumerable.Range(0, 100));
        output.Writes.Should().Be(1);
    }

    [Fact]
    public void When_the_output_stalls_new_lines_are_dropped_and_counted_instead_of_blocking_the_caller()
    {
        var output = new RecordingStream { Stalled = true };
        using var writer = new LogLineWriter(output, TimeSpan.Zero, capacity: 3);
        using var factory = Factory(writer);
        var logger = factory.CreateLogger("Probe");

        logger.LogInformation("Line {Number}", 0);
        output.WaitForStalledWrite();
        for (var i = 1; i < 10; i++)
        {
            logger.LogInformation("Line {Number}", i);
        }

        output.Resume();
        output.WaitForLines(4);

        var lines = output.Lines();
        lines.Take(3).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("State").GetProperty("Number").GetInt32()).Should().Equal(0, 1, 2);
        var dropped = JsonDocument.Parse(lines[3]).RootElement;
        dropped.GetProperty("LogLevel").GetString().Should().Be("Warning");
        dropped.GetProperty("Message").GetString().Should().Be("7 log lines were dropped: standard output did not keep up.");
    }

    [Fact]
    public void Every_line_is_out_when_the_writer_stops_and_a_later_line_is_written_at_once()
    {
        var output = new RecordingStream();
        var writer = new LogLineWriter(output, TimeSpan.FromMinutes(5), capacity: 1000);
        var factory = Factory(writer);
        var logger = factory.CreateLogger("Probe");

        logger.LogInformation("Line {Number}", 1);
        writer.Dispose();
        output.Lines().Should().HaveCount(1);

        logger.LogWarning("Line {Number}", 2);
        output.Lines().Should().HaveCount(2);
        factory.Dispose();
    }

    [Fact]
    public void A_closed_standard_output_costs_the_lines_but_never_the_process_or_the_caller()
    {
        var output = new RecordingStream { Closed = true };
        var writer = new LogLineWriter(output, TimeSpan.Zero, capacity: 1000);
        using var factory = Factory(writer);
        var logger = factory.CreateLogger("Probe");

        logger.LogInformation("Line {Number}", 1);
        output.WaitForFailedWrite();
        writer.Dispose();
        var afterStop = () => logger.LogError("Line {Number}", 2);

        afterStop.Should().NotThrow();
        output.FailedWrites.Should().BeGreaterThanOrEqualTo(2, "the line after the stop was tried at once, by its caller");
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} {ErrorCode} in {ElapsedMs:0.0} ms")]
    private static partial void Answered(ILogger logger, string method, string path, int statusCode, string errorCode, double elapsedMs);

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("broken");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    private static ILoggerFactory Factory(LogLineWriter writer, Action<JsonConsoleFormatterOptions>? configure = null)
    {
        var options = new JsonConsoleFormatterOptions { UseUtcTimestamp = true, TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ" };
        configure?.Invoke(options);
        var provider = new JsonLinesLoggerProvider(new FixedOptions(options), new ManualClock(Now), writer);
        return LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
    }

    private sealed class FixedOptions(JsonConsoleFormatterOptions value) : IOptionsMonitor<JsonConsoleFormatterOptions>
    {
        public JsonConsoleFormatterOptions CurrentValue => value;

        public JsonConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<JsonConsoleFormatterOptions, string?> listener) => null;
    }

    // LoggerFactory.Create leaves a provider it was given undisposed, so each test disposes its writer itself.

    /// <summary>Standard output as the writer sees it: counts the writes that reach it and can stall them.</summary>
    private sealed class RecordingStream : Stream
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
        private readonly MemoryStream _written = new();
        private readonly ManualResetEventSlim _resumed = new(true);
        private readonly ManualResetEventSlim _stalledWrite = new(false);
        private readonly Lock _gate = new();
        private int _failedWrites;

        public bool Stalled
        {
            init => _resumed = new ManualResetEventSlim(!value);
        }

        public int Writes { get; private set; }

        /// <summary>Every write fails as a closed pipe's does.</summary>
        public bool Closed { get; init; }

        public int FailedWrites => Volatile.Read(ref _failedWrites);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public string[] Lines()
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_written.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        public void WaitForLines(int count)
        {
            SpinWait.SpinUntil(() => Lines().Length >= count, Patience).Should().BeTrue($"{count} lines should be written");
        }

        public void WaitForStalledWrite() => _stalledWrite.Wait(Patience).Should().BeTrue();

        public void WaitForFailedWrite() => SpinWait.SpinUntil(() => FailedWrites > 0, Patience).Should().BeTrue();

        public void Resume() => _resumed.Set();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Closed)
            {
                Interlocked.Increment(ref _failedWrites);
                throw new IOException("Broken pipe");
            }

            if (!_resumed.IsSet)
            {
                _stalledWrite.Set();
                _resumed.Wait();
            }

            lock (_gate)
            {
                Writes++;
                _written.Write(buffer);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
