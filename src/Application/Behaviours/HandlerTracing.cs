using System.Diagnostics;

namespace MakCrm.Application.Behaviours;

/// <summary>
/// A span per command or query handled, between the request's span and its SQL, named by the message's type. Only
/// when something listens (tracing is on, README Operations): otherwise the decorator calls the handler straight on.
/// </summary>
public static class HandlerTracing
{
    public const string SourceName = "MakCrm.Application";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static async Task<Result<TResult>> RunAsync<TResult>(string name, Func<Task<Result<TResult>>> run)
    {
        using var activity = Source.StartActivity(name);
        var result = await run();
        if (activity is not null && !result.IsSuccess)
        {
            activity.SetTag("mak.error.code", result.Error!.Code);
        }

        return result;
    }
}

internal sealed class TracingCommandDecorator<TCommand, TResult>(ICommandHandler<TCommand, TResult> inner)
    : ICommandHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    public Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken) =>
        HandlerTracing.Source.HasListeners()
            ? HandlerTracing.RunAsync(typeof(TCommand).Name, () => inner.Handle(command, cancellationToken))
            : inner.Handle(command, cancellationToken);
}

internal sealed class TracingQueryDecorator<TQuery, TResult>(IQueryHandler<TQuery, TResult> inner)
    : IQueryHandler<TQuery, TResult>
    where TQuery : IQuery<TResult>
{
    public Task<Result<TResult>> Handle(TQuery query, CancellationToken cancellationToken) =>
        HandlerTracing.Source.HasListeners()
            ? HandlerTracing.RunAsync(typeof(TQuery).Name, () => inner.Handle(query, cancellationToken))
            : inner.Handle(query, cancellationToken);
}
