using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MakCrm.Application.Behaviours;

internal static partial class RequestLog
{
    /// <summary>Runs the request and logs its outcome at Debug; the decorators call it only when Debug is on, so that
    /// otherwise a request pays for no timing, closure or extra state machine.</summary>
    public static async Task<Result<TResult>> RunAsync<TResult>(
        ILogger logger,
        string request,
        Func<Task<Result<TResult>>> run
    )
    {
        var started = Stopwatch.GetTimestamp();
        var result = await run();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (result.IsSuccess)
        {
            Succeeded(logger, request, elapsed);
        }
        else
        {
            Failed(logger, request, result.Error!.Code, elapsed);
        }

        return result;
    }

    // Debug: the access log's line for the request names its operation, status, problem code and time already.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} succeeded in {ElapsedMs:0.0} ms")]
    private static partial void Succeeded(ILogger logger, string request, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Request} failed with {ErrorCode} in {ElapsedMs:0.0} ms")]
    private static partial void Failed(ILogger logger, string request, string errorCode, double elapsedMs);
}

internal sealed class LoggingCommandDecorator<TCommand, TResult>(
    ICommandHandler<TCommand, TResult> inner,
    ILogger<TCommand> logger
) : ICommandHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    public Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug)
            ? RequestLog.RunAsync(logger, typeof(TCommand).Name, () => inner.Handle(command, cancellationToken))
            : inner.Handle(command, cancellationToken);
}

internal sealed class LoggingQueryDecorator<TQuery, TResult>(
    IQueryHandler<TQuery, TResult> inner,
    ILogger<TQuery> logger
) : IQueryHandler<TQuery, TResult>
    where TQuery : IQuery<TResult>
{
    public Task<Result<TResult>> Handle(TQuery query, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug)
            ? RequestLog.RunAsync(logger, typeof(TQuery).Name, () => inner.Handle(query, cancellationToken))
            : inner.Handle(query, cancellationToken);
}
