using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Hosting;

/// <summary>
/// The API's logging: JSON lines on standard output (<see cref="JsonLogLine"/>), written a batch at a time by
/// <see cref="LogLineWriter"/>. It answers to the console logger's configuration: <c>Logging:Console:LogLevel</c>
/// and <c>Logging:Console:FormatterOptions</c> (<c>IncludeScopes</c>, <c>TimestampFormat</c>, <c>UseUtcTimestamp</c>).
/// </summary>
[ProviderAlias("Console")]
public sealed class JsonLinesLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    public const string FormatterSection = "Logging:Console:FormatterOptions";

    private readonly ConcurrentDictionary<string, JsonLinesLogger> _loggers = new(StringComparer.Ordinal);
    private readonly IDisposable? _optionsChanged;

    public JsonLinesLoggerProvider(
        IOptionsMonitor<JsonConsoleFormatterOptions> options,
        TimeProvider clock,
        LogLineWriter writer
    )
    {
        Options = options.CurrentValue;
        _optionsChanged = options.OnChange(changed => Options = changed);
        Clock = clock;
        Writer = writer;
    }

    internal JsonConsoleFormatterOptions Options { get; private set; }

    internal TimeProvider Clock { get; }

    internal LogLineWriter Writer { get; }

    internal IExternalScopeProvider Scopes { get; private set; } = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new JsonLinesLogger(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

    public void Dispose()
    {
        _optionsChanged?.Dispose();
        Writer.Dispose();
    }
}
