using System.Diagnostics;
using MakCrm.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MakCrm.WebApi.Http;

/// <summary>
/// The one place where failures become RFC 9457 problems: every <see cref="Error"/> a handler returns and every
/// exception the pipeline catches is written here, with its stable <c>code</c>; <see cref="AddTraceId"/> stamps the
/// <c>traceId</c> on every problem the app writes, including the framework's own.
/// </summary>
public static class Problems
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        [ErrorCodes.ValidationFailed] = "The request is invalid.",
        [ErrorCodes.MalformedJson] = "The request body is not valid JSON.",
        [ErrorCodes.NotFound] = "The resource was not found.",
        [ErrorCodes.ClientHasLeads] = "The client still has leads.",
        [ErrorCodes.LeadStatusTransitionNotAllowed] = "The lead's status does not allow this change.",
        [ErrorCodes.DuplicateLead] = "The lead repeats an open lead.",
        [ErrorCodes.LeadStatusInUse] = "The lead status is in use.",
        [ErrorCodes.LeadStatusCodeTaken] = "The lead status code is taken.",
        [ErrorCodes.PipelineHasDeals] = "The pipeline still has deals.",
        [ErrorCodes.StageHasDeals] = "The stage still has deals.",
        [ErrorCodes.SystemStageProtected] = "The won and lost stages cannot be changed this way.",
        [ErrorCodes.PreconditionFailed] = "The resource has changed.",
        [ErrorCodes.PreconditionRequired] = "If-Match is required.",
        [ErrorCodes.Conflict] = "A concurrent request got there first.",
        [ErrorCodes.PayloadTooLarge] = "The request body is too large.",
        [ErrorCodes.UnsupportedMediaType] = "The request body's content type is not supported here.",
        [ErrorCodes.MethodNotAllowed] = "The resource does not support this method.",
        [ErrorCodes.InvalidCursor] = "The cursor is not valid.",
        [ErrorCodes.BadRequest] = "The request is invalid.",
        [ErrorCodes.InternalError] = "Something went wrong on our side.",
        [ErrorCodes.Unauthorized] = "Authentication is required.",
        [ErrorCodes.Forbidden] = "The operation is not allowed.",
        [ErrorCodes.AccountLocked] = "The account is locked.",
        [ErrorCodes.StepUpRequired] = "A recent two-factor sign-in is required.",
        [ErrorCodes.TooManyRequests] = "Too many requests.",
        [ErrorCodes.LotAlreadyOpen] = "The lead is already up for auction.",
        [ErrorCodes.LotNotStarted] = "The lot does not take bids yet.",
        [ErrorCodes.LotEnded] = "The lot has ended.",
        [ErrorCodes.LotNotEligible] = "The lot is not open to this bidder.",
        [ErrorCodes.BidTooLow] = "The bid is too low.",
        [ErrorCodes.IdempotencyKeyReused] = "The Idempotency-Key was used for a different request.",
        [ErrorCodes.InsufficientBalance] = "The balance is too low.",
        [ErrorCodes.OrganizationNotFranchisee] = "The organization is not a franchisee.",
        [ErrorCodes.LeadNotReturnable] = "The lead cannot be returned.",
        [ErrorCodes.ReturnPeriodExpired] = "The return period has passed.",
        [ErrorCodes.LeadReturnOpen] = "The lead has an open return.",
        [ErrorCodes.LeadReturnDecided] = "The return was decided already.",
    };

    public static ProblemHttpResult From(Error error) =>
        TypedResults.Problem(Create(StatusFor(error.Kind), error.Code, error.Message, error.FieldErrors, error.Extensions));

    public static ProblemHttpResult Result(int status, string code, string detail) =>
        TypedResults.Problem(Create(status, code, detail));

    public static ProblemDetails Create(
        int status, string code, string? detail, IReadOnlyDictionary<string, string[]>? fieldErrors = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"urn:mak:problem:{code}",
            Title = Titles.GetValueOrDefault(code, "The request could not be completed."),
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
            problem.Extensions[name] = value;
        }

        return problem;
    }

    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The request's W3C trace id, which problems and log lines name so that one can be found from the other.</summary>
    public static string TraceIdOf(HttpContext context) => Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;

    /// <summary>Every problem names the request's W3C trace id and path, and has a code even when the framework wrote it.</summary>
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
            problem.Title = Titles[code];
        }

        AccessLog.NoteProblem(context.HttpContext, problem.Extensions["code"] as string ?? ErrorCodes.BadRequest);
    }
}
