using System.Diagnostics;

namespace MakCrm.WebApi.Http;

/// <summary>
/// One log line per request, written when the response is done: method, path (a route's template where the path
/// carries a secret, <see cref="SecretInPath"/>), the operation (the contract's
/// operationId), status, the problem's code when the answer is a problem, the time taken and the trace id that a
/// problem names too. The command and query decorators log at Debug only, so a request costs one line, not two, and
/// log scopes are off by default (Program.cs): writing them was most of the cost of a line (bench/LOG.md).
/// </summary>
public static partial class AccessLog
{
    public const string Category = "MakCrm.WebApi.AccessLog";
    private const string ErrorCodeItem = "mak.access_log.error_code";

    public static IApplicationBuilder UseAccessLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(
            async (context, next) =>
            {
                if (!logger.IsEnabled(LogLevel.Information))
                {
                    await next(context);
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    await next(context);
                }
                finally
                {
                    Answered(
                        logger,
                        context.Request.Method,
                        SecretInPath.Redact(context.Request.Path.Value ?? ""),
                        context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
                        context.Response.StatusCode,
                        context.Items[ErrorCodeItem] as string,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                        Problems.TraceIdOf(context)
                    );
                }
            }
        );
    }

    /// <summary>Notes the code of the problem the response carries (<see cref="Problems.AddTraceId"/> calls it for
    /// every problem).</summary>
    public static void NoteProblem(HttpContext context, string code) => context.Items[ErrorCodeItem] = code;

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Information,
        Message = "{Method} {Path} ({Operation}) answered {StatusCode} {ErrorCode} in {ElapsedMs:0.0} ms (trace "
            + "{TraceId})"
    )]
    private static partial void Answered(
        ILogger logger,
        string method,
        string path,
        string? operation,
        int statusCode,
        string? errorCode,
        double elapsedMs,
        string traceId
    );
}
