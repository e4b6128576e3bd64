namespace MakCrm.Application.Abstractions.Integrations;

/// <summary>
/// The initial imports of head office's amoCRM account (ADR 0053): started in the command's transaction with its
/// audit line, run by a background worker, read with their checkpoints and dead letters.
/// </summary>
public interface IAmoCrmImports
{
    /// <summary>Queues an import of the connected account (or continues its stopped one).</summary>
    Task<Result<Contracts.AmoCrmImport>> StartAsync(CancellationToken cancellationToken);

    Task<Result<Contracts.AmoCrmImport>> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The import's dead letters, oldest first, after <paramref name="after"/> (a letter's id).</summary>
    Task<Result<Contracts.AmoCrmDeadLetterPage>> DeadLettersAsync(
        Guid importId,
        bool? resolved,
        Guid? after,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>Reads the letter's record from amoCRM again and applies it as the import would.</summary>
    Task<Result<Contracts.AmoCrmDeadLetter>> RetryAsync(Guid id, CancellationToken cancellationToken);
}
