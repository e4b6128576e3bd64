using FluentValidation.Results;

namespace MakCrm.Application.Behaviours;

/// <summary>Runs the request's FluentValidation validators; a failure is returned as a validation error with per-field
/// messages.</summary>
internal static class RequestValidation
{
    public static async Task<Error?> ValidateAsync<TRequest>(
        IEnumerable<IValidator<TRequest>> validators,
        TRequest request,
        CancellationToken cancellationToken
    )
    {
        List<ValidationFailure>? failures = null;
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(request, cancellationToken);
            if (!result.IsValid)
            {
                (failures ??= []).AddRange(result.Errors);
            }
        }

        return failures is null
            ? null
            : Error.Validation(
                failures
                    .GroupBy(f => f.PropertyName, StringComparer.Ordinal)
                    .ToDictionary(
                        g => g.Key,
                        g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(),
                        StringComparer.Ordinal
                    )
            );
    }
}

internal sealed class ValidationCommandDecorator<TCommand, TResult>(
    ICommandHandler<TCommand, TResult> inner,
    IEnumerable<IValidator<TCommand>> validators
) : ICommandHandler<TCommand, TResult>
    where TCommand : ICommand<TResult>
{
    public async Task<Result<TResult>> Handle(TCommand command, CancellationToken cancellationToken) =>
        await RequestValidation.ValidateAsync(validators, command, cancellationToken) is { } error
            ? error
            : await inner.Handle(command, cancellationToken);
}

internal sealed class ValidationQueryDecorator<TQuery, TResult>(
    IQueryHandler<TQuery, TResult> inner,
    IEnumerable<IValidator<TQuery>> validators
) : IQueryHandler<TQuery, TResult>
    where TQuery : IQuery<TResult>
{
    public async Task<Result<TResult>> Handle(TQuery query, CancellationToken cancellationToken) =>
        await RequestValidation.ValidateAsync(validators, query, cancellationToken) is { } error
            ? error
            : await inner.Handle(query, cancellationToken);
}
