using System.Text.Json;
using FluentAssertions.Specialized;

namespace MakCrm.Client.Tests;

internal static class Expect
{
    /// <summary>
    /// Asserts that the call fails with a problem the contract declares: the given HTTP status and problem code, an
    /// <c>application/problem+json</c> body, a matching <c>status</c> and the request's W3C <c>traceId</c>.
    /// </summary>
    public static async Task<Problem> ProblemAsync(Func<Task> call, int status, string code) =>
        (await ProblemExceptionAsync(call, status, code)).Result;

    /// <summary>As <see cref="ProblemAsync(Func{Task}, int, string)"/>, returning the exception (for its headers).</summary>
    public static async Task<MakCrmApiException<Problem>> ProblemExceptionAsync(Func<Task> call, int status, string code)
    {
        ExceptionAssertions<MakCrmApiException<Problem>> thrown = await call.Should().ThrowAsync<MakCrmApiException<Problem>>();
        var exception = thrown.Which;
        var problem = exception.Result;

        exception.StatusCode.Should().Be(status, "the response was {0}", exception.Response);
        problem.Code.Should().Be(code, "the response was {0}", exception.Response);
        problem.Status.Should().Be(status);
        problem.Type.Should().NotBeNullOrWhiteSpace();
        problem.Title.Should().NotBeNullOrWhiteSpace();
        problem.TraceId.Should().MatchRegex("^[0-9a-f]{32}$", "the traceId is the W3C trace id of the request");
        exception.Problem.Should().BeSameAs(problem);

        var contentType = exception.Headers
            .Where(header => string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
            .SelectMany(header => header.Value)
            .ToList();
        contentType.Should().ContainSingle().Which.Should().StartWith("application/problem+json");

        return exception;
    }

    /// <summary>
    /// The same checks for a request sent around the SDK (a body the typed DTOs cannot express): the response must be
    /// the given status with an <c>application/problem+json</c> body carrying the code and a W3C <c>traceId</c>.
    /// </summary>
    public static async Task<Problem> ProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(status, "the response was {0}", body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonSerializer.Deserialize<Problem>(body);
        problem.Should().NotBeNull();
        problem!.Code.Should().Be(code, "the response was {0}", body);
        problem.Status.Should().Be(status);
        problem.Type.Should().NotBeNullOrWhiteSpace();
        problem.Title.Should().NotBeNullOrWhiteSpace();
        problem.TraceId.Should().MatchRegex("^[0-9a-f]{32}$", "the traceId is the W3C trace id of the request");

        return problem;
    }
}
