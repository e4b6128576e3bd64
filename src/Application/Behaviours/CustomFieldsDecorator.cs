using MakCrm.Application.CustomFields;
using Microsoft.Extensions.DependencyInjection;

namespace MakCrm.Application.Behaviours;

/// <summary>
/// Narrows the custom field values a successful result carries (<see cref="ICarriesCustomFields"/>) to the fields the
/// caller sees, with one lookup of the definitions for the whole result. A result without values passes through
/// without a lookup, and results of other types without an extra await; the definitions are reached from the scope
/// only when there is something to narrow.
/// </summary>
internal static class ResultCustomFields
{
    public static async Task<Result<TResult>> NarrowAsync<TResult>(
        Task<Result<TResult>> pending,
        IServiceProvider services,
        CancellationToken cancellationToken
    )
    {
        var result = await pending;
        if (!result.IsSuccess || result.Value is not ICarriesCustomFields carried)
        {
            return result;
        }

        var entities = carried.CustomFieldEntities().ToHashSet();
        return entities.Count == 0
            ? result
            : (TResult)
                carried.WithCustomFields(
                    await services.GetRequiredService<CustomFieldAccess>().SchemaAsync(entities, cancellationToken)
                );
    }

    public static bool Apply<TResult>() => typeof(ICarriesCustomFields).IsAssignableFrom(typeof(TResult));
}

internal sealed class CustomFieldsCommandDecorator<TCommand, TResult>(
    ICommandHandler<TCommand, TResult> inner,
    IServiceProvider services
) : ICommandHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    private static readonly bool Applies = ResultCustomFields.Apply<TResult>();

    public Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken) =>
        Applies
            ? ResultCustomFields.NarrowAsync(inner.Handle(command, cancellationToken), services, cancellationToken)
            : inner.Handle(command, cancellationToken);
}

internal sealed class CustomFieldsQueryDecorator<TQuery, TResult>(
    IQueryHandler<TQuery, TResult> inner,
    IServiceProvider services
) : IQueryHandler<TQuery, TResult>
    where TQuery : IQuery<TResult>
{
    private static readonly bool Applies = ResultCustomFields.Apply<TResult>();

    public Task<Result<TResult>> Handle(TQuery query, CancellationToken cancellationToken) =>
        Applies
            ? ResultCustomFields.NarrowAsync(inner.Handle(query, cancellationToken), services, cancellationToken)
            : inner.Handle(query, cancellationToken);
}
