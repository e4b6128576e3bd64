using System.Diagnostics;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Idempotency;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Http;

/// <summary>
/// The one place where failures become RFC 9457 problems: every <see cref="Error"/> a handler returns and every
/// exception the pipeline catches is written here, with its stable <c>code</c>; <see cref="AddTraceId"/> stamps the
/// <c>traceId</c> on every problem the app writes, including the framework's own. A problem's title is its code's,
/// from the catalogue in <see cref="ErrorCodes"/>; its status follows from the error's <see cref="ErrorKind"/>
/// (<see cref="StatusFor"/>), or is the one the pipeline's edge names when it writes a problem itself.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult From(Error error) => TypedResults.Problem(Details(error));

    /// <summary>The problem document of an error: its status by kind, its code, message, field errors and
    /// extensions.</summary>
    public static ProblemDetails Details(Error error) =>
        Create(StatusFor(error.Kind), error.Code, error.Message, error.FieldErrors, error.Extensions);

    public static ProblemHttpResult Result(int status, string code, string detail) =>
        TypedResults.Problem(Create(status, code, detail));

    private static readonly HashSet<string> ReservedMembers =
    [
        "type",
        "title",
        "status",
        "detail",
        "instance",
        "code",
        "errors",
        "traceId",
    ];

    public static ProblemDetails Create(
        int status,
        string code,
        string? detail,
        IReadOnlyDictionary<string, string[]>? fieldErrors = null,
        IReadOnlyDictionary<string, object?>? extensions = null
    )
    {
        var problem = new ProblemDetails
        {
            Type = $"urn:mak:problem:{code}",
            Title = ErrorCodes.Titles[code],
            Status = status,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (fieldErrors is not null)
        {
            problem.Extensions["errors"] = fieldErrors;
        }

        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            // A member RFC 9457 or this API defines would be written twice, and a client's JSON parser may refuse that.
            if (ReservedMembers.Contains(name))
            {
                throw new InvalidOperationException(
                    $"The problem extension '{name}' would repeat a member every problem has."
                );
            }

            problem.Extensions[name] = value;
        }

        return problem;
    }

    /// <summary>
    /// The problem of one item of a batch, as the item's own request would have been answered (with the batch request's
    /// trace id and path): written inside a 207, not as the response.
    /// </summary>
    public static ProblemDetails ForItem(Error error, HttpContext http)
    {
        var problem = Details(error);
        problem.Extensions["traceId"] = TraceIdOf(http);
        problem.Instance = http.Request.Path;
        return problem;
    }

    public static int StatusFor(ErrorKind kind) =>
        kind switch
        {
            ErrorKind.Validation => StatusCodes.Status400BadRequest,
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Conflict => StatusCodes.Status409Conflict,
            ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
            ErrorKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
            ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
            ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            ErrorKind.Gone => StatusCodes.Status410Gone,
            ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        };

    /// <summary>The request's W3C trace id, which problems and log lines name so that one can be found from the
    /// other.</summary>
    /// <summary>
    /// The request's W3C trace id; for a request answered again from a reference its first request stored (a retried
    /// bid), the first request's, so that the answer is the first one.
    /// </summary>
    public static string TraceIdOf(HttpContext context) =>
        context.Features.Get<IdempotentRequest>()?.ReplayedTraceId
        ?? Activity.Current?.TraceId.ToHexString()
        ?? context.TraceIdentifier;

    /// <summary>Every problem names the request's W3C trace id and path, and has a code even when the framework wrote
    /// it.</summary>
    public static void AddTraceId(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = TraceIdOf(context.HttpContext);
        problem.Instance ??= context.HttpContext.Request.Path;
        if (!problem.Extensions.ContainsKey("code"))
        {
            // A problem the framework wrote itself (no route, wrong content type): give it our code, type and title.
            var code = problem.Status switch
            {
                StatusCodes.Status404NotFound => ErrorCodes.NotFound,
                StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
                StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
                >= 500 => ErrorCodes.InternalError,
                _ => ErrorCodes.BadRequest,
            };
            problem.Extensions["code"] = code;
            problem.Type = $"urn:mak:problem:{code}";
            problem.Title = ErrorCodes.Titles[code];
        }

        AccessLog.NoteProblem(context.HttpContext, problem.Extensions["code"] as string ?? ErrorCodes.BadRequest);
    }
}
