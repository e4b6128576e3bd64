using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MakCrm.WebApi.Hosting;

public static class JsonLinesLogging
{
    /// <summary>
    /// Logs as JSON lines to standard output (<see cref="JsonLinesLoggerProvider"/>), with UTC timestamps to the
    /// millisecond unless <c>Logging:Console:FormatterOptions</c> says otherwise. Scopes are off unless it turns them
    /// on: the lines of a request name its trace id themselves (AccessLog, ApiExceptionHandler), and writing the
    /// request's scopes into every line is costly on small requests (ADR 0012).
    /// </summary>
    public static ILoggingBuilder AddJsonLines(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging
            .Services.AddOptions<JsonConsoleFormatterOptions>()
            .Configure(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            })
            .Bind(configuration.GetSection(JsonLinesLoggerProvider.FormatterSection));
        logging.Services.TryAddSingleton(TimeProvider.System);
        logging.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<ILoggerProvider, JsonLinesLoggerProvider>(
                services => new JsonLinesLoggerProvider(
                    services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>(),
                    services.GetRequiredService<TimeProvider>(),
                    new LogLineWriter(Console.OpenStandardOutput())
                )
            )
        );
        return logging;
    }
}
