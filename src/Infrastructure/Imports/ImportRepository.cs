using System.Buffers;
using System.Linq.Expressions;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Common;
using MakCrm.Application.Transfer;
using MakCrm.Domain.Imports;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MakCrm.Infrastructure.Imports;

internal sealed class ImportRepository(MakCrmDbContext db) : IImportRepository
{
    public const int ChunkBytes = 1024 * 1024;

    private static readonly Expression<Func<ImportOperation, ImportOperationDto>> ToDto = o => new ImportOperationDto(
        o.Id,
        o.OrganizationId,
        o.Kind,
        o.Status,
        o.FileName,
        o.FileFormat,
        o.FileSize,
        o.DefaultSource,
        o.RowsRead,
        o.Created,
        o.Duplicates,
        o.Rejected,
        o.FailureCode == null ? null : new ImportFailure(o.FailureCode, o.FailureDetail ?? ""),
        o.CreatedAt,
        o.StartedAt,
        o.FinishedAt
    );

    public void Add(ImportOperation operation) => db.Set<ImportOperation>().Add(operation);

    /// <summary>
    /// Writes the file in 1 MiB rows as it is read, so memory does not grow with the file. The chunks' foreign key is
    /// deferred to the commit, by which time the unit of work has saved the operation itself.
    /// </summary>
    public async Task<long> StoreFileAsync(Guid operationId, Stream content, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction =
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The file is stored inside the unit of work's transaction.");
        await using var insert = new NpgsqlCommand(
            "INSERT INTO import_file_chunks (operation_id, sequence, data) VALUES ($1, $2, $3)",
            connection,
            transaction
        );
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = operationId });
        var sequence = new NpgsqlParameter<int>();
        var data = new NpgsqlParameter<ReadOnlyMemory<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea };
        insert.Parameters.Add(sequence);
        insert.Parameters.Add(data);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long total = 0;
            var index = 0;
            while (true)
            {
                var filled = 0;
                int read;
                while (
                    filled < ChunkBytes
                    && (read = await content.ReadAsync(buffer.AsMemory(filled, ChunkBytes - filled), cancellationToken))
                        > 0
                )
                {
                    filled += read;
                }

                if (filled == 0)
                {
                    return total;
                }

                sequence.TypedValue = index++;
                data.TypedValue = buffer.AsMemory(0, filled);
                await insert.ExecuteNonQueryAsync(cancellationToken);
                total += filled;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task<ImportOperationDto?> GetAsync(Guid id, Guid organizationId, CancellationToken cancellationToken) =>
        db.Set<ImportOperation>()
            .AsNoTracking()
            .Where(o => o.Id == id && o.OrganizationId == organizationId)
            .Select(ToDto)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<ImportOperationDto>> ListAsync(
        Guid organizationId,
        KeysetPosition? after,
        int take,
        CancellationToken cancellationToken
    ) =>
        await Persistence
            .Repositories.Keyset.Page(
                db.Set<ImportOperation>().AsNoTracking().Where(o => o.OrganizationId == organizationId),
                o => o.CreatedAt,
                o => o.Id,
                descending: true,
                after,
                take
            )
            .Select(ToDto)
            .ToListAsync(cancellationToken);

    public Task<string[]> ColumnsAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ImportOperation>().Where(o => o.Id == id).Select(o => o.Columns).FirstAsync(cancellationToken);

    public IAsyncEnumerable<RejectedRowDto> StreamRejectedRowsAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ImportRejectedRow>()
            .AsNoTracking()
            .Where(r => r.OperationId == id)
            .OrderBy(r => r.RowNumber)
            .Select(r => new RejectedRowDto(r.RowNumber, r.Cells, r.Reason))
            .AsAsyncEnumerable();
}
