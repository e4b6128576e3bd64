using MakCrm.Application.Transfer;
using MakCrm.Domain.Imports;

namespace MakCrm.Application.Abstractions.Persistence;

public interface IImportRepository
{
    void Add(ImportOperation operation);

    /// <summary>Stores the uploaded file with the operation, in the current transaction; returns its size in
    /// bytes.</summary>
    Task<long> StoreFileAsync(Guid operationId, Stream content, CancellationToken cancellationToken);

    /// <summary>The operation if it belongs to the organization.</summary>
    Task<ImportOperationDto?> GetAsync(Guid id, Guid organizationId, CancellationToken cancellationToken);

    /// <summary>The organization's operations, newest first, after the keyset position.</summary>
    Task<IReadOnlyList<ImportOperationDto>> ListAsync(
        Guid organizationId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    );

    /// <summary>The header of the file, as the import read it (empty before it was read).</summary>
    Task<string[]> ColumnsAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The operation's rejected rows by row number, read as the caller consumes them.</summary>
    IAsyncEnumerable<RejectedRowDto> StreamRejectedRowsAsync(Guid id, CancellationToken cancellationToken);
}
