using Microsoft.Extensions.Logging.Console;

namespace MakCrm.WebApi.Hosting;

/// <summary>A category's logger: formats the entry on the caller's thread and hands the line to the writer.</summary>
internal sealed class JsonLinesLogger(string category, JsonLinesLoggerProvider provider) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.Scopes.Push(state);

    // Levels are filtered by the logger factory (Logging:LogLevel) before an entry reaches a provider's logger.
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter
    )
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var options = provider.Options;
        var line = JsonLogLine.Format(
            options,
            provider.Clock.GetUtcNow(),
            category,
            logLevel,
            eventId,
            state,
            exception,
            formatter,
            options.IncludeScopes ? provider.Scopes : null
        );
        if (line is not null)
        {
            provider.Writer.Enqueue(line);
        }
    }
}
