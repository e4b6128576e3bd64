using System.Text.RegularExpressions;
using Sentry;
using Sentry.Extensibility;

namespace MakCrm.WebApi.Observability;

/// <summary>
/// Unhandled errors (every 5xx the exception handler answers, and errors logged outside requests) to Sentry or a
/// Sentry-compatible server (GlitchTip), when a DSN is configured. Each event names the release and the request's W3C
/// trace id (the <c>traceId</c> of the problem the client got, and of the access log's line) and carries no personal
/// data: no user, address, cookies, authorization, query string or body; only allow-listed headers; e-mail addresses,
/// phone numbers and bearer tokens in messages are masked (<see cref="Scrub"/>).
/// </summary>
public static partial class ErrorTracking
{
    private static readonly HashSet<string> KeptHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept",
        "Content-Type",
        "Content-Length",
        "User-Agent",
        "Idempotency-Key",
        "If-Match",
        "If-None-Match",
    };

    public static WebApplicationBuilder AddErrorTracking(this WebApplicationBuilder builder)
    {
        var options =
            builder.Configuration.GetSection(ErrorTrackingOptions.Section).Get<ErrorTrackingOptions>()
            ?? new ErrorTrackingOptions();
        var dsn = string.IsNullOrWhiteSpace(options.Dsn) ? builder.Configuration["SENTRY_DSN"] : options.Dsn;
        if (string.IsNullOrWhiteSpace(dsn))
        {
            return builder;
        }

        builder.WebHost.UseSentry(sentry =>
        {
            sentry.Dsn = dsn;
            sentry.Release = options.Release ?? $"{Telemetry.ServiceName}@{Telemetry.Version}";
            sentry.Environment = options.Environment ?? builder.Environment.EnvironmentName;
            sentry.SendDefaultPii = false;
            sentry.MaxRequestBodySize = RequestSize.None;
            sentry.AutoSessionTracking = false;
            // Spans come from OpenTelemetry (traces); Sentry is for errors only, so it does not listen to EF Core or
            // SqlClient.
            sentry.DisableDiagnosticSourceIntegration();
            sentry.MinimumEventLevel = LogLevel.Error;
            // Breadcrumbs come from log lines, which name paths and ids: only warnings and errors, scrubbed like
            // events.
            sentry.MinimumBreadcrumbLevel = LogLevel.Warning;
            sentry.SetBeforeSend((sentryEvent, _) => Scrub(sentryEvent, Telemetry.CurrentTraceId()));
            sentry.SetBeforeBreadcrumb(breadcrumb => new Breadcrumb(
                ScrubText(breadcrumb.Message) ?? "",
                breadcrumb.Type ?? "default",
                null,
                breadcrumb.Category,
                breadcrumb.Level
            ));
        });
        return builder;
    }

    /// <summary>The event as sent: personal data removed, and the request's trace id (when there is one)
    /// attached.</summary>
    public static SentryEvent Scrub(SentryEvent sentryEvent, string? traceId)
    {
        sentryEvent.User = new SentryUser();
        var request = sentryEvent.Request;
        request.QueryString = null;
        request.Cookies = null;
        request.Data = null;
        request.Env.Clear();
        request.Url = request.Url is { } url ? SecretInPath.RedactUrl(url) : null;
        foreach (var header in request.Headers.Keys.Where(h => !KeptHeaders.Contains(h)).ToList())
        {
            request.Headers.Remove(header);
        }

        if (sentryEvent.Message is { } message)
        {
            sentryEvent.Message = new SentryMessage
            {
                Message = ScrubText(message.Message),
                Formatted = ScrubText(message.Formatted),
            };
        }

        foreach (var exception in sentryEvent.SentryExceptions ?? [])
        {
            exception.Value = ScrubText(exception.Value);
        }

        if (traceId is not null)
        {
            sentryEvent.SetTag("trace_id", traceId);
            sentryEvent.Contexts.Trace.TraceId = SentryId.Parse(traceId);
        }

        return sentryEvent;
    }

    /// <summary>Masks e-mail addresses, phone numbers and bearer tokens in a text.</summary>
    public static string? ScrubText(string? text) =>
        text is null
            ? null
            : Token().Replace(Phone().Replace(Email().Replace(text, "[email]"), "[phone]"), "Bearer [token]");

    [GeneratedRegex(@"[^\s@""'<>(),;:]+@[^\s@""'<>(),;:]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\+?\d[\d\s\-()]{8,}\d")]
    private static partial Regex Phone();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase)]
    private static partial Regex Token();
}
