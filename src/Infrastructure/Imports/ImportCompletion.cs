using MakCrm.Application.Abstractions.Events;
using MakCrm.Application.Abstractions.Persistence;
using MakCrm.Application.Abstractions.Security;
using MakCrm.Contracts.Events;
using MakCrm.Domain.Events;
using MakCrm.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.Infrastructure.Imports;

/// <summary>
/// Raises <c>import.completed</c> for an operation that has just finished (succeeded or failed), in the runner's own
/// transaction that finishes it: the operation as the API answers it, read in that transaction, acting for its
/// uploader.
/// The scope's context borrows the runner's connection for it and gets a connection of its own back afterwards (it is
/// pooled), as the lead sink's does.
/// </summary>
internal static class ImportCompletion
{
    public static async Task RaiseAsync(
        IServiceScopeFactory scopes,
        NpgsqlDataSource dataSource,
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ClaimedImport claimed,
        CancellationToken cancellationToken
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        scope
            .ServiceProvider.GetRequiredService<ActorOverride>()
            .ActAs(new OnBehalfOf(claimed.OrganizationId, claimed.UserId, claimed.ClientId, claimed.Roles));
        var db = scope.ServiceProvider.GetRequiredService<MakCrmDbContext>();
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        try
        {
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            if (
                await scope
                    .ServiceProvider.GetRequiredService<IImportRepository>()
                    .GetAsync(claimed.Id, claimed.OrganizationId, cancellationToken) is
                { } operation
            )
            {
                scope
                    .ServiceProvider.GetRequiredService<IEventOutbox>()
                    .Raise(EventPayloads.ImportCompleted, operation.OrganizationId, operation.Id, operation);
                await scope.ServiceProvider.GetRequiredService<IEventWriter>().WriteRaisedAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.UseTransactionAsync(null, cancellationToken);
            db.Database.SetDbConnection(dataSource.CreateConnection(), contextOwnsConnection: true);
        }
    }
}
