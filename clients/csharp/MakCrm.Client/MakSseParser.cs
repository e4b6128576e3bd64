using System.Text;

namespace MakCrm.Client;

/// <summary>One message of a <c>text/event-stream</c>, as the standard dispatches it.</summary>
/// <param name="Type">The <c>event:</c> field; <c>message</c> when the message has none.</param>
/// <param name="Data">The <c>data:</c> lines, joined with <c>\n</c>.</param>
/// <param name="LastEventId">The last event ID when the message was dispatched: the latest <c>id:</c> so far, this message's or an earlier one's.</param>
public sealed record MakSseMessage(string Type, string Data, string LastEventId);

/// <summary>
/// Parses a <c>text/event-stream</c> (WHATWG HTML, "server-sent events", the event stream interpretation) given as
/// decoded text in chunks of any size — a line, a field or a CRLF may be split across chunks: one leading BOM is
/// dropped, lines end with CRLF, LF or CR, <c>data:</c> lines are joined with <c>\n</c>, one space after the colon is
/// dropped, a line without a colon is a field with an empty value, unknown fields are ignored, an <c>id</c> with NULL
/// is ignored, <c>retry</c> counts only when it is all ASCII digits, and a message without data is not dispatched (its
/// <c>id</c> still counts). What is left unterminated when the stream ends is discarded, as the standard says.
/// </summary>
/// <param name="lastEventId">The last event ID to start from (the one a reconnection sent).</param>
public sealed class MakSseParser(string lastEventId = "")
{
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _data = new();
    private bool _started;
    private bool _skipLineFeed;
    private bool _hasData;
    private bool _sawId;
    private string _type = "";

    /// <summary>The last event ID so far (set by <c>id:</c> fields, kept across messages).</summary>
    public string LastEventId { get; private set; } = lastEventId;

    /// <summary>The reconnection time the server asked for last (<c>retry:</c>), or null while it has not.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>
    /// Whether a message with an <c>id:</c> and no data, which the standard does not dispatch but which sets the last
    /// event ID, is returned too, as a message of type <c>""</c> (the stream's first message names the event it starts
    /// after this way, in order with the messages).
    /// </summary>
    public bool ReturnIdOnlyMessages { get; init; }

    /// <summary>Told of each comment line (<c>: keep-alive</c>, the server's heartbeat), without the colon.</summary>
    public Action<string>? OnComment { get; init; }

    /// <summary>Feeds the next piece of the stream; returns the messages it completed.</summary>
    public IReadOnlyList<MakSseMessage> Push(ReadOnlySpan<char> chunk)
    {
        List<MakSseMessage>? messages = null;
        if (!_started && chunk.Length > 0)
        {
            _started = true;
            if (chunk[0] == '\uFEFF')
            {
                chunk = chunk[1..];
            }
        }

        foreach (var c in chunk)
        {
            if (_skipLineFeed)
            {
                // The CR that ended the last line was the first half of a CRLF.
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            if (c is '\r' or '\n')
            {
                _skipLineFeed = c == '\r';
                if (Line(_line.ToString()) is { } message)
                {
                    (messages ??= []).Add(message);
                }

                _line.Clear();
            }
            else
            {
                _line.Append(c);
            }
        }

        return messages ?? (IReadOnlyList<MakSseMessage>)[];
    }

    private MakSseMessage? Line(string line)
    {
        if (line.Length == 0)
        {
            return Dispatch();
        }

        if (line[0] == ':')
        {
            OnComment?.Invoke(line.StartsWith(": ", StringComparison.Ordinal) ? line[2..] : line[1..]);
            return null;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        if (value.StartsWith(' '))
        {
            value = value[1..];
        }

        switch (field)
        {
            case "event":
                _type = value;
                break;
            case "data":
                _data.Append(value).Append('\n');
                _hasData = true;
                break;
            case "id" when !value.Contains('\0', StringComparison.Ordinal):
                LastEventId = value;
                _sawId = true;
                break;
            case "retry" when value.Length > 0 && value.All(char.IsAsciiDigit) && long.TryParse(value, out var milliseconds):
                Retry = TimeSpan.FromMilliseconds(milliseconds);
                break;
        }

        return null;
    }

    private MakSseMessage? Dispatch()
    {
        var type = _type;
        var sawId = _sawId;
        _type = "";
        _sawId = false;
        if (!_hasData)
        {
            return sawId && ReturnIdOnlyMessages ? new MakSseMessage("", "", LastEventId) : null;
        }

        var data = _data.ToString(0, _data.Length - 1);
        _data.Clear();
        _hasData = false;
        return new MakSseMessage(type.Length == 0 ? "message" : type, data, LastEventId);
    }
}
