using System.Text;

namespace MakCrm.Infrastructure.Streaming;

/// <summary>Server-sent events' framing (WHATWG HTML, "server-sent events"): fields one per line, a blank line ends a
/// message.</summary>
public static class SseFrame
{
    /// <summary>A message: <c>id</c> (when given), <c>event</c>, and <c>data</c> — one line of JSON, which has no raw
    /// line breaks.</summary>
    public static byte[] Message(string? id, string type, ReadOnlySpan<byte> json)
    {
        var head = Encoding.UTF8.GetBytes((id is null ? "" : $"id: {id}\n") + $"event: {type}\ndata: ");
        var frame = new byte[head.Length + json.Length + 2];
        head.CopyTo(frame, 0);
        json.CopyTo(frame.AsSpan(head.Length));
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }

    /// <summary>A comment line, which keeps intermediaries from closing an idle connection and is ignored by
    /// clients.</summary>
    public static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>
    /// A stream's first message: the <c>id</c> it starts after, which sets the client's last event ID without
    /// dispatching anything (a message without data), so that a drop before the first event resumes from there and not
    /// from a later "now"; and <c>retry:</c>, how long a client waits before reconnecting.
    /// </summary>
    public static byte[] Start(long after, TimeSpan delay) =>
        Encoding.UTF8.GetBytes($"id: {after}\nretry: {(long)delay.TotalMilliseconds}\n\n");
}
