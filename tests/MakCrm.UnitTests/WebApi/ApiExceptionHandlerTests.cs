using System.Net.Sockets;
using System.Text.Json.Nodes;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MakCrm.UnitTests.WebApi;

public sealed class ApiExceptionHandlerTests
{
    public static TheoryData<Exception> TransientDatabaseFailures() =>
    [
        new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections),
        new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("The connection pool has been exhausted.", new TimeoutException())),
    ];

    [Theory]
    [MemberData(nameof(TransientDatabaseFailures))]
    public async Task A_database_that_is_down_or_out_of_connections_is_a_503_to_retry(Exception failure)
    {
        var (status, retryAfter, body) = await HandleAsync(failure);

        (status, retryAfter).Should().Be((503, "5"));
        body["code"]!.GetValue<string>().Should().Be("service_unavailable");
    }

    [Fact]
    public async Task Any_other_failure_is_a_500_that_reveals_nothing()
    {
        var (status, retryAfter, body) = await HandleAsync(
            new PostgresException("duplicate key value violates unique constraint \"pk_leads\"", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation));

        (status, retryAfter).Should().Be((500, ""));
        body["code"]!.GetValue<string>().Should().Be("internal_error");
        body.ToJsonString().Should().NotContain("pk_leads");
    }

    private static async Task<(int Status, string RetryAfter, JsonNode Body)> HandleAsync(Exception failure)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ApiExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), services.GetRequiredService<ILogger<ApiExceptionHandler>>());

        (await handler.TryHandleAsync(context, failure, CancellationToken.None)).Should().BeTrue();

        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.Headers.RetryAfter.ToString(), (await JsonNode.ParseAsync(context.Response.Body))!);
    }
}
