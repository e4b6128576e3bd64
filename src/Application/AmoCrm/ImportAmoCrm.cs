using MakCrm.Application.Abstractions.Integrations;

namespace MakCrm.Application.AmoCrm;

/// <summary>Start the initial import of the connected account with its saved mapping.</summary>
public sealed record StartAmoCrmImportCommand : ICommand<Contracts.AmoCrmImport>;

/// <summary>An import's progress: status, checkpoints and counts per entity.</summary>
public sealed record GetAmoCrmImportQuery(Guid Id) : IQuery<Contracts.AmoCrmImport>;

/// <summary>An import's dead letters, oldest first; <paramref name="Cursor"/> is the last letter's id.</summary>
public sealed record ListAmoCrmDeadLettersQuery(Guid ImportId, bool? Resolved, string? Cursor, int? Limit)
    : IQuery<Contracts.AmoCrmDeadLetterPage>;

/// <summary>Read a dead letter's record from amoCRM again and import it.</summary>
public sealed record RetryAmoCrmDeadLetterCommand(Guid Id) : ICommand<Contracts.AmoCrmDeadLetter>;

internal sealed class ListAmoCrmDeadLettersValidator : AbstractValidator<ListAmoCrmDeadLettersQuery>
{
    public ListAmoCrmDeadLettersValidator() => RuleFor(q => q.Limit).ValidLimit();
}

internal sealed class StartAmoCrmImportHandler(IAmoCrmImports imports)
    : ICommandHandler<StartAmoCrmImportCommand, Contracts.AmoCrmImport>
{
    public Task<Result<Contracts.AmoCrmImport>> Handle(
        StartAmoCrmImportCommand command,
        CancellationToken cancellationToken
    ) => imports.StartAsync(cancellationToken);
}

internal sealed class GetAmoCrmImportHandler(IAmoCrmImports imports)
    : IQueryHandler<GetAmoCrmImportQuery, Contracts.AmoCrmImport>
{
    public Task<Result<Contracts.AmoCrmImport>> Handle(
        GetAmoCrmImportQuery query,
        CancellationToken cancellationToken
    ) => imports.FindAsync(query.Id, cancellationToken);
}

internal sealed class ListAmoCrmDeadLettersHandler(IAmoCrmImports imports)
    : IQueryHandler<ListAmoCrmDeadLettersQuery, Contracts.AmoCrmDeadLetterPage>
{
    public async Task<Result<Contracts.AmoCrmDeadLetterPage>> Handle(
        ListAmoCrmDeadLettersQuery query,
        CancellationToken cancellationToken
    ) =>
        ListPaging.IdCursor(query.Cursor) is { IsSuccess: true } after
            ? await imports.DeadLettersAsync(
                query.ImportId,
                query.Resolved,
                after.Value,
                query.Limit ?? PageLimits.Default,
                cancellationToken
            )
            : ListPaging.InvalidCursor;
}

internal sealed class RetryAmoCrmDeadLetterHandler(IAmoCrmImports imports)
    : ICommandHandler<RetryAmoCrmDeadLetterCommand, Contracts.AmoCrmDeadLetter>
{
    public Task<Result<Contracts.AmoCrmDeadLetter>> Handle(
        RetryAmoCrmDeadLetterCommand command,
        CancellationToken cancellationToken
    ) => imports.RetryAsync(command.Id, cancellationToken);
}
