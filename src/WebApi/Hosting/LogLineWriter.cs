using System.Collections.Concurrent;
using System.Text;

namespace MakCrm.WebApi.Hosting;

/// <summary>
/// Writes finished log lines to standard output from a thread of its own, a batch at a time, rather than waking a
/// thread and making a <c>write</c> for every line (ADR 0012 has the reasons and the measurements). The thread wakes at
/// the
/// first line after it went idle, lets the lines of the next <see cref="FlushDelay"/> join it, and writes them all in
/// as few <c>write</c> calls as the buffer allows. So a line is out within about that delay, and a logger never waits
/// for the output: when <see cref="Capacity"/> lines are waiting (the reader of the pipe has stalled), new lines are
/// dropped and counted, and the count is written as a line of its own once the output moves again.
/// </summary>
public sealed class LogLineWriter : IDisposable
{
    public static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(20);
    public const int Capacity = 50_000;
    private const int BufferSize = 64 * 1024;

    private readonly ConcurrentQueue<byte[]> _lines = new();
    private readonly ManualResetEventSlim _lineWaiting = new(false, spinCount: 0);
    private readonly ManualResetEventSlim _stopping = new(false, spinCount: 0);
    private readonly Lock _gate = new();
    private readonly Stream _output;
    private readonly TimeSpan _flushDelay;
    private readonly int _capacity;
    private readonly Thread _thread;
    private int _waiting;
    private long _dropped;
    private volatile bool _stopped;

    public LogLineWriter(Stream output)
        : this(output, FlushDelay, Capacity) { }

    public LogLineWriter(Stream output, TimeSpan flushDelay, int capacity)
    {
        _output = new BufferedStream(output, BufferSize);
        _flushDelay = flushDelay;
        _capacity = capacity;
        _thread = new Thread(Run) { IsBackground = true, Name = "Log line writer" };
        _thread.Start();
    }

    /// <summary>Queues one whole line (ending in a line feed); the caller gives up the array.</summary>
    public void Enqueue(byte[] line)
    {
        if (Volatile.Read(ref _waiting) >= _capacity)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        _lines.Enqueue(line);
        if (_stopped)
        {
            // Logged while the host shuts down, after the thread's last batch: written by the caller.
            WriteWaitingLines();
        }
        else if (Interlocked.Increment(ref _waiting) == 1)
        {
            _lineWaiting.Set();
        }
    }

    private void Run()
    {
        while (true)
        {
            _lineWaiting.Reset();
            if (Volatile.Read(ref _waiting) <= 0 && !_stopping.IsSet)
            {
                _lineWaiting.Wait();
            }

            // Let the lines of the next moments join this one, unless the host is stopping.
            var stopping = _stopping.Wait(_flushDelay);
            Interlocked.Add(ref _waiting, -WriteWaitingLines());
            if (stopping)
            {
                return;
            }
        }
    }

    private int WriteWaitingLines()
    {
        var written = 0;
        using var scope = _gate.EnterScope();
        try
        {
            while (_lines.TryDequeue(out var line))
            {
                _output.Write(line);
                written++;
            }

            if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                _output.Write(DroppedLine(dropped));
            }

            _output.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Standard output is gone (the reader closed the pipe); there is nowhere left to say so, and logging must
            // not take the process down with it.
        }

        return written;
    }

    private static byte[] DroppedLine(long dropped) =>
        Encoding.UTF8.GetBytes(
            $"{{\"LogLevel\":\"Warning\",\"Category\":\"{typeof(LogLineWriter).FullName}\",\"Message\":\"{dropped} "
                + $"log lines were dropped: standard output did not keep up.\"}}\n"
        );

    /// <summary>Writes out every line queued so far and stops the thread; a line logged after this is written at
    /// once.</summary>
    public void Dispose()
    {
        if (_stopping.IsSet)
        {
            return;
        }

        _stopping.Set();
        _lineWaiting.Set();
        _thread.Join();
        _stopped = true;
        WriteWaitingLines();
    }
}
