using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MakCrm.Infrastructure.Persistence;

internal sealed class UnitOfWork(MakCrmDbContext db) : IUnitOfWork
{
    public async Task<ITransactionScope> BeginAsync(CancellationToken cancellationToken) =>
        new TransactionScope(await db.Database.BeginTransactionAsync(cancellationToken));

    public async Task<Result<Unit>> SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Somebody else changed the row between our read and our write: the same answer as a stale If-Match.
            return new Error(
                ErrorCodes.PreconditionFailed,
                "The resource was changed by another request meanwhile. Read it again and reapply the change.",
                ErrorKind.PreconditionFailed);
        }
    }

    private sealed class TransactionScope(IDbContextTransaction transaction) : ITransactionScope
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}
