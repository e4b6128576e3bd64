using System.Text;

namespace MakCrm.WebApi.Hosting;

/// <summary>
/// Standard output with a buffer large enough for a whole log line. The runtime's own writer buffers 256 characters
/// and writes out whatever it holds whenever that fills, so a 600-byte JSON access-log line went out as three
/// <c>write</c> calls, and whatever reads the pipe (a container runtime, a log shipper) woke three times per request.
/// The writer still flushes at the end of every write: a line is out as soon as the logger has written it.
/// </summary>
public static class ConsoleOutput
{
    public const int BufferSize = 16 * 1024;

    /// <summary>Replaces <see cref="Console.Out"/>; call before the console logger starts, which keeps the writer it finds.</summary>
    public static void UseLineSizedBuffer() => Console.SetOut(LineSizedWriter(Console.OpenStandardOutput()));

    /// <summary>A UTF-8 writer (no byte-order mark) that writes each <c>Write</c> of up to <see cref="BufferSize"/> characters to the stream at once.</summary>
    public static StreamWriter LineSizedWriter(Stream output) =>
        new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize) { AutoFlush = true };
}
