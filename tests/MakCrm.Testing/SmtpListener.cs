using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MakCrm.Testing;

/// <summary>A mail as the SMTP listener received it, decoded: the recipient, the subject and the bodies.</summary>
public sealed record ReceivedMail(string To, string Subject, string Text, string Html, IReadOnlyDictionary<string, string> Headers, string Raw)
{
    /// <summary>The value of a <c>token=</c> parameter in the first link of the plain-text body that has one.</summary>
    public string Token => Regex.Match(Text, @"token=([A-Za-z0-9_\-]+)") is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException($"The mail has no link with a token:\n{Text}");
}

/// <summary>
/// A real SMTP server on 127.0.0.1 for tests: it speaks enough SMTP (EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP,
/// QUIT) for System.Net.Mail to deliver to it, and decodes what arrives (encoded-word subjects, multipart/alternative
/// bodies in quoted-printable or base64). With <see cref="Refusing"/> on it answers every mail with a temporary failure,
/// as a server that is down would.
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ReceivedMail> _unclaimed = [];
    private readonly List<ReceivedMail> _all = [];
    private readonly object _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _accepting;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>On: every MAIL FROM is answered 451, so no mail is accepted.</summary>
    public bool Refusing { get; set; }

    /// <summary>How many times a mail was refused since the start.</summary>
    public int Refused { get; private set; }

    /// <summary>Every mail received since the start, in order.</summary>
    public IReadOnlyList<ReceivedMail> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>Forgets every mail received and refused, for the next class of tests on a shared server.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _unclaimed.Clear();
            _all.Clear();
            Refused = 0;
            Refusing = false;
        }
    }

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Waits for the next mail to the address that no earlier call took (10 seconds by default).</summary>
    public async Task<ReceivedMail> NextMailToAsync(string to, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                var index = _unclaimed.FindIndex(m => string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    var mail = _unclaimed[index];
                    _unclaimed.RemoveAt(index);
                    return mail;
                }

                arrived = _arrived.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(arrived, Task.Delay(left)) != arrived)
            {
                throw new TimeoutException($"No mail to {to} arrived in time; received: {string.Join(", ", All.Select(m => $"{m.To} «{m.Subject}»"))}");
            }
        }
    }

    /// <summary>Whether a mail to the address that no <see cref="NextMailToAsync"/> took arrives within the time (it is left untaken).</summary>
    public async Task<bool> AnyMailToWithinAsync(string to, TimeSpan time)
    {
        await Task.Delay(time);
        lock (_gate)
        {
            return _unclaimed.Any(m => string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        if (_accepting is not null)
        {
            try
            {
                await _accepting;
            }
            catch (Exception)
            {
                // Stopped.
            }
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost MaK test SMTP");
            string? to = null;
            while (await reader.ReadLineAsync(_stopping.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost\r\n250 8BITMIME");
                        break;
                    case "HELO":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RSET":
                        to = null;
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "MAIL":
                        if (Refusing)
                        {
                            Refused++;
                            await writer.WriteLineAsync("451 4.3.0 Try again later");
                        }
                        else
                        {
                            await writer.WriteLineAsync("250 OK");
                        }

                        break;
                    case "RCPT":
                        to = Regex.Match(line, "<([^>]*)>").Groups[1].Value;
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stopping.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        Receive(to ?? "", data.ToString());
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("500 Unknown command");
                        break;
                }
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (IOException)
        {
            // The client went away.
        }
    }

    private void Receive(string to, string raw)
    {
        var (headers, body) = MimeText.Split(raw);
        var subject = MimeText.DecodeWords(headers.GetValueOrDefault("subject", ""));
        var (text, html) = MimeText.Bodies(headers, body);
        var mail = new ReceivedMail(to, subject, text, html, headers, raw);
        lock (_gate)
        {
            _unclaimed.Add(mail);
            _all.Add(mail);
            var arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.SetResult();
        }
    }
}

/// <summary>Just enough MIME to read what System.Net.Mail writes.</summary>
internal static class MimeText
{
    public static (Dictionary<string, string> Headers, string Body) Split(string entity)
    {
        var end = entity.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? entity : entity[..end];
        var body = end < 0 ? "" : entity[(end + 4)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? name = null;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && name is not null)
            {
                headers[name] += " " + line.Trim();
            }
            else if (line.IndexOf(':') is var colon and > 0)
            {
                name = line[..colon].Trim();
                headers[name] = line[(colon + 1)..].Trim();
            }
        }

        return (headers, body);
    }

    public static (string Text, string Html) Bodies(Dictionary<string, string> headers, string body)
    {
        var type = headers.GetValueOrDefault("content-type", "text/plain");
        if (type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = Regex.Match(type, "boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase).Groups[1].Value;
            string text = "", html = "";
            foreach (var part in body.Split("--" + boundary).Skip(1))
            {
                if (part.StartsWith("--", StringComparison.Ordinal))
                {
                    break;
                }

                var (partHeaders, partBody) = Split(part.TrimStart('\r', '\n'));
                var (partText, partHtml) = Bodies(partHeaders, partBody);
                text = text.Length > 0 ? text : partText;
                html = html.Length > 0 ? html : partHtml;
            }

            return (text, html);
        }

        var decoded = Decode(body, headers.GetValueOrDefault("content-transfer-encoding", "7bit"));
        return type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) ? ("", decoded) : (decoded, "");
    }

    public static string Decode(string body, string transferEncoding) => transferEncoding.Trim().ToLowerInvariant() switch
    {
        "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
        "quoted-printable" => QuotedPrintable(body),
        _ => body,
    };

    /// <summary>Decodes <c>=?utf-8?B?...?=</c> and <c>=?utf-8?Q?...?=</c> words; the whitespace between two words goes.</summary>
    public static string DecodeWords(string value) =>
        Regex.Replace(
            Regex.Replace(value, @"\?=\s+=\?", "?==?"),
            @"=\?([^?]+)\?([BbQq])\?([^?]*)\?=",
            m => m.Groups[2].Value is "B" or "b"
                ? Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[3].Value))
                : QuotedPrintable(m.Groups[3].Value.Replace('_', ' ')));

    private static string QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        var source = text.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '=' && i + 2 < source.Length && Uri.IsHexDigit(source[i + 1]) && Uri.IsHexDigit(source[i + 2]))
            {
                bytes.Add(Convert.ToByte(source.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(source[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
