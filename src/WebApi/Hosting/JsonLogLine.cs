using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;

namespace MakCrm.WebApi.Hosting;

/// <summary>
/// One log entry as a line of JSON, in the shape of the runtime's JSON console format: <c>Timestamp</c> (when
/// <see cref="JsonConsoleFormatterOptions.TimestampFormat"/> is set), <c>EventId</c>, <c>LogLevel</c>,
/// <c>Category</c>, <c>Message</c>, <c>Exception</c> (on one line), <c>State</c> (the message's named values) and
/// <c>Scopes</c> (when <see cref="ConsoleFormatterOptions.IncludeScopes"/> is on). Unlike the runtime's format,
/// <c>State</c> does not repeat the message: formatting it a second time was a third of a line's cost.
/// </summary>
public static class JsonLogLine
{
    private const byte LineFeed = (byte)'\n';

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    // The options t_writer was made for: compared by reference, since JsonWriterOptions' own Equals is reflection.
    [ThreadStatic]
    private static JsonConsoleFormatterOptions? t_writerMadeFor;

    /// <summary>The entry as UTF-8 bytes ending in a line feed, or null when it has neither a message nor an
    /// exception.</summary>
    public static byte[]? Format<TState>(
        JsonConsoleFormatterOptions options,
        DateTimeOffset now,
        string category,
        LogLevel level,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter,
        IExternalScopeProvider? scopes
    )
    {
        var message = formatter(state, exception);
        if (exception is null && message is null)
        {
            return null;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = WriterFor(buffer, options);

        writer.WriteStartObject();
        if (options.TimestampFormat is { } format)
        {
            var at = options.UseUtcTimestamp ? now.ToUniversalTime() : now.ToLocalTime();
            writer.WriteString("Timestamp", at.ToString(format, CultureInfo.InvariantCulture));
        }

        writer.WriteNumber("EventId", eventId.Id);
        writer.WriteString("LogLevel", LevelName(level));
        writer.WriteString("Category", category);
        writer.WriteString("Message", message);
        if (exception is not null)
        {
            var text = exception.ToString();
            writer.WriteString(
                "Exception",
                options.JsonWriterOptions.Indented
                    ? text
                    : text.Replace(Environment.NewLine, " ", StringComparison.Ordinal)
            );
        }

        if (state is IReadOnlyCollection<KeyValuePair<string, object?>> values)
        {
            writer.WriteStartObject("State");
            foreach (var value in values)
            {
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        if (options.IncludeScopes && scopes is not null)
        {
            writer.WriteStartArray("Scopes");
            scopes.ForEachScope(WriteScope, writer);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();

        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = LineFeed;
        return line;
    }

    private static Utf8JsonWriter WriterFor(ArrayBufferWriter<byte> buffer, JsonConsoleFormatterOptions options)
    {
        if (t_writer is { } writer && ReferenceEquals(t_writerMadeFor, options))
        {
            writer.Reset(buffer);
            return writer;
        }

        t_writerMadeFor = options;
        return t_writer = new Utf8JsonWriter(buffer, options.JsonWriterOptions);
    }

    private static void WriteScope(object? scope, Utf8JsonWriter writer)
    {
        if (scope is IReadOnlyCollection<KeyValuePair<string, object?>> values)
        {
            writer.WriteStartObject();
            writer.WriteString("Message", scope.ToString());
            foreach (var value in values)
            {
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStringValue(Convert.ToString(scope, CultureInfo.InvariantCulture));
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, KeyValuePair<string, object?> item)
    {
        var key = item.Key;
        switch (item.Value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case string text:
                writer.WriteString(key, text);
                break;
            case bool flag:
                writer.WriteBoolean(key, flag);
                break;
            case int number:
                writer.WriteNumber(key, number);
                break;
            case long number:
                writer.WriteNumber(key, number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumber(key, number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumber(key, number);
                break;
            case decimal number:
                writer.WriteNumber(key, number);
                break;
            case short or ushort or byte or sbyte or uint:
                writer.WriteNumber(key, Convert.ToInt64(item.Value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumber(key, number);
                break;
            case char character:
                writer.WriteString(key, MemoryMarshal.CreateReadOnlySpan(ref character, 1));
                break;
            default:
                writer.WriteString(key, Convert.ToString(item.Value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string LevelName(LogLevel level) =>
        level switch
        {
            LogLevel.Trace => "Trace",
            LogLevel.Debug => "Debug",
            LogLevel.Information => "Information",
            LogLevel.Warning => "Warning",
            LogLevel.Error => "Error",
            LogLevel.Critical => "Critical",
            _ => level.ToString(),
        };
}
