using System.Text.RegularExpressions;
using MakCrm.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace MakCrm.WebApi.Http;

/// <summary>
/// The one exception handler. Requests the framework could not read (a query value of the wrong type, a body over
/// the size limit, a form that breaks a limit, text the database cannot store) become 4xx problems; a database that
/// cannot be reached or has no connection to spare (a transient
/// Npgsql failure) is a 503 with <c>Retry-After</c>; anything else is a bug, logged with its trace id and answered with
/// a
/// 500 problem that reveals nothing internal. Nothing was written in either case: the transaction did not commit.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.Create(
                StatusCodes.Status413PayloadTooLarge,
                ErrorCodes.PayloadTooLarge,
                "Request bodies may be at most 1 MiB."
            ),
            BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } match =>
                Problems.Create(
                    StatusCodes.Status400BadRequest,
                    ErrorCodes.ValidationFailed,
                    "One or more fields are invalid.",
                    new Dictionary<string, string[]>
                    {
                        [QueryName(match.Groups["name"].Value)] =
                        [
                            $"\"{match.Groups["value"].Value}\" is not a valid {Describe(match.Groups["type"].Value)}.",
                        ],
                    }
                ),
            BadHttpRequestException bad when MissingQueryParameter().Match(bad.Message) is { Success: true } match =>
                Problems.Create(
                    StatusCodes.Status400BadRequest,
                    ErrorCodes.ValidationFailed,
                    "One or more fields are invalid.",
                    new Dictionary<string, string[]>
                    {
                        [QueryName(match.Groups["name"].Value)] = ["Must be given."],
                    }
                ),
            BadHttpRequestException bad => Problems.Create(
                bad.StatusCode,
                ErrorCodes.BadRequest,
                "The request could not be read."
            ),
            InvalidDataException => Problems.Create(
                StatusCodes.Status400BadRequest,
                ErrorCodes.BadRequest,
                "The request could not be read."
            ),
            _ when IsUnstorableText(exception) => Problems.Create(
                StatusCodes.Status400BadRequest,
                ErrorCodes.BadRequest,
                "The request carries text that cannot be stored (such as U+0000)."
            ),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            FailedResultException failed => Problems.Details(failed.Error),
            _ when IsTransientDatabaseFailure(exception) => Problems.Create(
                StatusCodes.Status503ServiceUnavailable,
                ErrorCodes.ServiceUnavailable,
                "The database is unavailable or busy; retry in a few seconds."
            ),
            _ => Problems.Create(
                StatusCodes.Status500InternalServerError,
                ErrorCodes.InternalError,
                "The error was logged; quote the traceId when you report it."
            ),
        };

        if (problem is null)
        {
            return true; // the client went away; nobody is left to answer
        }

        if (problem.Status >= 500)
        {
            Unhandled(
                logger,
                exception,
                httpContext.Request.Method,
                httpContext.Request.Path,
                Problems.TraceIdOf(httpContext)
            );
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            }
        );
    }

    private const string RetryAfterSeconds = "5";

    // EF Core wraps what its execution strategy takes for transient in an InvalidOperationException; look down the
    // chain. A server stopping or restarting ends its sessions with admin_shutdown or crash_shutdown, and refuses new
    // ones with cannot_connect_now while it starts: the transaction was rolled back, so a retry is safe.
    private static bool IsTransientDatabaseFailure(Exception exception) =>
        InChain<NpgsqlException>(exception) is { IsTransient: true }
        || InChain<PostgresException>(exception)
            is {
                SqlState: PostgresErrorCodes.AdminShutdown
                    or PostgresErrorCodes.CrashShutdown
                    or PostgresErrorCodes.CannotConnectNow
            };

    // Text PostgreSQL cannot hold (U+0000, or bytes not valid in the database's encoding) that got past the edge's
    // checks:
    // the input's fault, so a 400, never a 500; the statement failed, so nothing was written.
    private static bool IsUnstorableText(Exception exception) =>
        InChain<PostgresException>(exception)
            is { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter };

    private static TException? InChain<TException>(Exception exception)
        where TException : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is TException found)
            {
                return found;
            }
        }

        return null;
    }

    // Parameters bound through [AsParameters] are named by their C# property (CreatedFrom); the query calls them
    // createdFrom.
    private static string QueryName(string parameter) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(parameter);

    private static string Describe(string type) =>
        type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('?', ']', '[', '>').Split('.')[^1] switch
        {
            "Guid" => "UUID",
            "Int32" or "int" => "whole number",
            "Decimal" or "decimal" => "number",
            "DateTimeOffset" => "ISO 8601 date-time",
            "Boolean" or "bool" => "boolean (true or false)",
            _ => "value",
        };

    // The framework's message for a query or route value that does not parse: Failed to bind parameter "Guid? clientId"
    // from "x".
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ ]+) (?<name>[^"]+)" from "(?<value>.*)"\.$""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>[^ ]+) (?<name>[^"]+)" was not provided from query string\.$""")]
    private static partial Regex MissingQueryParameter();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path} (trace {TraceId})")]
    private static partial void Unhandled(
        ILogger logger,
        Exception exception,
        string method,
        string path,
        string traceId
    );
}
