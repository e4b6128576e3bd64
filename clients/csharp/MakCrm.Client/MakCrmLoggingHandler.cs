using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MakCrm.Client;

/// <summary>
/// Logs every call of the SDK and traces it: one line when it is answered — the operation, the method and the path
/// template (never the query or the body, which may hold personal data, nor any token), the status, the duration
/// and the trace id — at <see cref="LogLevel.Information"/> (<see cref="LogLevel.Warning"/> for a 5xx or a
/// failure), and an <see cref="Activity"/> of <see cref="MakCrmDiagnostics.ActivitySourceName"/> around it. The
/// trace id is the one the server logs and puts in its problems' <c>traceId</c>: the activity's, or, when nothing
/// listens to the SDK's activities, one of a <c>traceparent</c> header the handler adds. Put it outermost, so that
/// a call with its retries is one line and one activity (<see cref="MakCrmRetryHandler"/> logs each retry).
/// </summary>
public sealed partial class MakCrmLoggingHandler(ILogger<MakCrmLoggingHandler>? logger = null) : DelegatingHandler
{
    private readonly ILogger _logger = logger ?? NullLogger<MakCrmLoggingHandler>.Instance;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = MakCrmOperations.Find(request);
        var name = operation?.Id ?? request.Method.Method;
        var template = operation?.PathTemplate ?? "(not an operation of the contract)";
        using var activity = MakCrmDiagnostics.Source.StartActivity(name, ActivityKind.Client);
        activity?.SetTag("http.request.method", request.Method.Method);
        activity?.SetTag("url.template", template);
        activity?.SetTag("server.address", request.RequestUri?.Host);
        activity?.SetTag("mak.operation", operation?.Id);
        var traceId = TraceId(request, activity);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            activity?.SetTag("http.response.status_code", status);
            if (status >= 500)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                activity?.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                ServerFailed(_logger, name, request.Method.Method, template, status, elapsed, traceId);
            }
            else
            {
                Answered(_logger, name, request.Method.Method, template, status, elapsed, traceId);
            }

            return response;
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity?.SetTag("error.type", exception.GetType().FullName);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Failed(_logger, exception, name, request.Method.Method, template, elapsed, traceId);
            throw;
        }
    }

    /// <summary>Not supported: the SDK sends asynchronously.</summary>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("MakCrmLoggingHandler sends asynchronously only; use HttpClient.SendAsync.");

    // The trace the server will join: the current activity's (HttpClient propagates it), else a traceparent of our own.
    private static string TraceId(HttpRequestMessage request, Activity? activity)
    {
        if ((activity ?? Activity.Current) is { } current)
        {
            return current.TraceId.ToHexString();
        }

        if (request.Headers.TryGetValues("traceparent", out var sent) && sent.FirstOrDefault() is { Length: 55 } parent)
        {
            return parent[3..35];
        }

        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{spanId}-00");
        return traceId;
    }

    private const string Call = "MaK CRM {Operation} ({Method} {PathTemplate})";
    private const string Answer = Call + " answered {StatusCode} in {ElapsedMs:0.0} ms (trace {TraceId})";

    private const string Failure = Call + " failed after {ElapsedMs:0.0} ms (trace {TraceId})";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = Answer)]
    private static partial void Answered(
        ILogger logger, string operation, string method, string pathTemplate, int statusCode, double elapsedMs,
        string traceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = Answer)]
    private static partial void ServerFailed(
        ILogger logger, string operation, string method, string pathTemplate, int statusCode, double elapsedMs,
        string traceId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = Failure)]
    private static partial void Failed(
        ILogger logger, Exception exception, string operation, string method, string pathTemplate, double elapsedMs,
        string traceId);
}
