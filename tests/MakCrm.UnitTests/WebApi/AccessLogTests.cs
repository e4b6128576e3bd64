using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MakCrm.UnitTests.WebApi;

public sealed class AccessLogTests
{
    [Fact]
    public async Task A_problem_answer_is_one_line_with_its_status_and_code()
    {
        var (lines, pipeline) = Pipeline(context => Problems.Result(StatusCodes.Status409Conflict, "bid_too_low", "Bid at least 1010.").ExecuteAsync(context));

        var context = Request("POST", "/api/v1/lots/1/bids");
        await pipeline(context);

        var line = lines.Should().ContainSingle().Subject;
        line.Level.Should().Be(LogLevel.Information);
        line.Values["Method"].Should().Be("POST");
        line.Values["Path"].Should().Be("/api/v1/lots/1/bids");
        line.Values["StatusCode"].Should().Be(409);
        line.Values["ErrorCode"].Should().Be("bid_too_low");
        ((double)line.Values["ElapsedMs"]!).Should().BeGreaterThanOrEqualTo(0);
        line.Values["TraceId"].Should().Be(Problems.TraceIdOf(context)).And.NotBeNull();
    }

    [Fact]
    public async Task A_successful_answer_has_no_code()
    {
        var (lines, pipeline) = Pipeline(context =>
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        });

        await pipeline(Request("GET", "/api/v1/leads"));

        var line = lines.Should().ContainSingle().Subject;
        (line.Values["StatusCode"], line.Values["ErrorCode"]).Should().Be((201, null));
    }

    [Fact]
    public async Task A_path_that_carries_a_secret_is_logged_as_its_route_template()
    {
        SecretInPath.For("/api/v1/integrations/amocrm/webhooks/{secret}");
        var (lines, pipeline) = Pipeline(context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        await pipeline(Request("POST", "/api/v1/integrations/amocrm/webhooks/5f1c0ffee5ecret"));

        var line = lines.Should().ContainSingle().Subject;
        line.Values["Path"].Should().Be("/api/v1/integrations/amocrm/webhooks/{secret}");
        line.Values.Values.Should().NotContain(v => (v ?? "").ToString()!.Contains("5f1c0ffee5ecret"));
        SecretInPath.RedactUrl("https://crm.mak.example/api/v1/integrations/amocrm/webhooks/5f1c0ffee5ecret?x=1")
            .Should().Be("https://crm.mak.example/api/v1/integrations/amocrm/webhooks/{secret}");
        SecretInPath.Redact("/api/v1/leads/1").Should().Be("/api/v1/leads/1");
    }

    [Fact]
    public async Task Nothing_is_written_when_the_category_is_off()
    {
        var (lines, pipeline) = Pipeline(_ => Task.CompletedTask, LogLevel.Warning);

        await pipeline(Request("GET", "/api/v1/leads"));

        lines.Should().BeEmpty();
    }

    private static DefaultHttpContext Request(string method, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static (List<LogLine> Lines, RequestDelegate Pipeline) Pipeline(RequestDelegate endpoint, LogLevel accessLogLevel = LogLevel.Information)
    {
        var lines = new List<LogLine>();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new CapturingProvider(lines))
                .AddFilter((category, level) => category == AccessLog.Category && level >= accessLogLevel))
            .AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddTraceId)
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseAccessLog();
        app.Run(context =>
        {
            context.RequestServices = services;
            return endpoint(context);
        });
        return (lines, app.Build());
    }

    private sealed record LogLine(LogLevel Level, IReadOnlyDictionary<string, object?> Values);

    private sealed class CapturingProvider(List<LogLine> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(List<LogLine> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
                lines.Add(new LogLine(logLevel, values.ToDictionary(v => v.Key, v => v.Value)));
            }
        }
    }
}
