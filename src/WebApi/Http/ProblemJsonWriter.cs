using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Writes every problem the app answers with (registered before the framework's writer, so it is the one used) as
/// <c>application/problem+json</c>:
/// <list type="bullet">
/// <item>whatever the request's <c>Accept</c> says: a file download sends <c>Accept: application/octet-stream</c>, and
/// its 401/403/400 must still be problems with a code and a trace id, not an empty 500 (the framework's writer
/// declines such a request);</item>
/// <item>with a <c>Content-Length</c>: the framework's writer flushes the body as it serializes, so the response went
/// out chunked and the client had its answer only when the last empty chunk followed, after the rest of the pipeline
/// (the access log) had run — a second write to the socket per problem, and most bids are answered with one
/// (<c>bid_too_low</c>).</item>
/// </list>
/// </summary>
internal sealed class ProblemJsonWriter(
    IOptions<ProblemDetailsOptions> problemOptions,
    IOptions<JsonOptions> jsonOptions
) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        problem.Status ??= response.StatusCode;
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var body = ProblemJson.Serialize(problem, jsonOptions.Value.SerializerOptions);
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }
}
