namespace MakCrm.Application.Behaviours;

/// <summary>
/// Fills in the names of the users a successful result names (<see cref="INamesUsers"/>) with one lookup for the
/// whole result. Results that name nobody pass straight through, without an extra await.
/// </summary>
internal static class ResultNames
{
    public static async Task<Result<TResult>> FillAsync<TResult>(
        Task<Result<TResult>> pending,
        IUserNameDirectory directory,
        CancellationToken cancellationToken
    )
    {
        var result = await pending;
        if (!result.IsSuccess || result.Value is not INamesUsers named)
        {
            return result;
        }

        var ids = named.UserIds().OfType<Guid>().ToHashSet();
        var names =
            ids.Count == 0 ? new Dictionary<Guid, string>() : await directory.DisplayNamesAsync(ids, cancellationToken);
        return (TResult)named.WithNames(new UserNames(names));
    }

    public static bool Apply<TResult>() => typeof(INamesUsers).IsAssignableFrom(typeof(TResult));
}

internal sealed class UserNamesCommandDecorator<TCommand, TResult>(
    ICommandHandler<TCommand, TResult> inner,
    IUserNameDirectory directory
) : ICommandHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    private static readonly bool Applies = ResultNames.Apply<TResult>();

    public Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken) =>
        Applies
            ? ResultNames.FillAsync(inner.Handle(command, cancellationToken), directory, cancellationToken)
            : inner.Handle(command, cancellationToken);
}

internal sealed class UserNamesQueryDecorator<TQuery, TResult>(
    IQueryHandler<TQuery, TResult> inner,
    IUserNameDirectory directory
) : IQueryHandler<TQuery, TResult>
    where TQuery : IQuery<TResult>
{
    private static readonly bool Applies = ResultNames.Apply<TResult>();

    public Task<Result<TResult>> Handle(TQuery query, CancellationToken cancellationToken) =>
        Applies
            ? ResultNames.FillAsync(inner.Handle(query, cancellationToken), directory, cancellationToken)
            : inner.Handle(query, cancellationToken);
}
