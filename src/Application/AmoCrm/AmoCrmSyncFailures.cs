using MakCrm.Application.Abstractions.Integrations;
using MakCrm.Contracts;

namespace MakCrm.Application.AmoCrm;

/// <summary>What the sync could not carry over, newest first; <paramref name="Cursor"/> is the last failure's id.
/// </summary>
public sealed record ListAmoCrmSyncFailuresQuery(AmoCrmSyncFailureKind? Kind, string? Cursor, int? Limit)
    : IQuery<AmoCrmSyncFailurePage>;

/// <summary>Have one failure tried again.</summary>
public sealed record RetryAmoCrmSyncFailureCommand(Guid Id) : ICommand<AmoCrmSyncFailure>;

internal sealed class ListAmoCrmSyncFailuresValidator : AbstractValidator<ListAmoCrmSyncFailuresQuery>
{
    public ListAmoCrmSyncFailuresValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class ListAmoCrmSyncFailuresHandler(IAmoCrmSyncFailures failures)
    : IQueryHandler<ListAmoCrmSyncFailuresQuery, AmoCrmSyncFailurePage>
{
    public async Task<Result<AmoCrmSyncFailurePage>> Handle(
        ListAmoCrmSyncFailuresQuery query,
        CancellationToken cancellationToken
    ) =>
        ListPaging.IdCursor(query.Cursor) is { IsSuccess: true } before
            ? await failures.ListAsync(query.Kind, before.Value, query.Limit ?? PageLimits.Default, cancellationToken)
            : ListPaging.InvalidCursor;
}

internal sealed class RetryAmoCrmSyncFailureHandler(IAmoCrmSyncFailures failures)
    : ICommandHandler<RetryAmoCrmSyncFailureCommand, AmoCrmSyncFailure>
{
    public Task<Result<AmoCrmSyncFailure>> Handle(
        RetryAmoCrmSyncFailureCommand command,
        CancellationToken cancellationToken
    ) => failures.RetryAsync(command.Id, cancellationToken);
}
