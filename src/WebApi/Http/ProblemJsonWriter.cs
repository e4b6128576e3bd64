using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Writes a problem as <c>application/problem+json</c> when the framework's writer declines because the request's
/// <c>Accept</c> names neither JSON nor <c>*/*</c> — a file download sends <c>Accept: application/octet-stream</c>, and
/// its 401/403/400 must still be problems with a code and a trace id, not an empty 500.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var response = context.HttpContext.Response;
        return new ValueTask(response.WriteAsJsonAsync(context.ProblemDetails, typeof(ProblemDetails), jsonOptions.Value.SerializerOptions, "application/problem+json"));
    }
}
