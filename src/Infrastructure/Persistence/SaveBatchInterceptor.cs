using MakCrm.Infrastructure.Auditing;
using MakCrm.Infrastructure.Events;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// How every save writes. In the save's transaction (the unit of work's, or an import's), the events raised since the
/// last write (<see cref="EventOutbox"/>), the audit lines of what it creates, changes or soft-deletes
/// (<see cref="AuditLines"/>) and the rows it adds (<see cref="NewRowBatch"/>) go to the database first, in one batch
/// of prepared INSERTs (<see cref="EventInserts"/>, <see cref="AuditEventInserts"/>, <see cref="EntityInserts"/>);
/// EF Core's update pipeline then writes what is left: changed and deleted rows, and new rows the batch leaves to it.
/// A new row costs EF Core's change tracking, dependency sort, SQL generation and parameter binding, and a save writes
/// several (a lead, its history, its audit lines), so the batch is what keeps creation cheap for every command.
/// A save that makes its own transaction (begun after this runs) leaves everything to EF Core, its audit lines added as
/// entities, and its events to whoever commits (<see cref="EventOutbox.WriteRaisedAsync"/>).
/// </summary>
[Singleton]
internal sealed class SaveBatchInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default
    )
    {
        if (eventData.Context is MakCrmDbContext { ScopeServices: { } services } db)
        {
            // One pass over the tracked entries (each Entries<T>() call would detect changes again).
            var entries = db.ChangeTracker.Entries().ToList();
            var audit = AuditLines.Of(entries, services.GetRequiredService<AuditTrail>());
            if (db.Database.CurrentTransaction is null)
            {
                db.Set<AuditEvent>().AddRange(audit);
            }
            else
            {
                var events = await services.GetRequiredService<EventOutbox>().TakeRaisedAsync(cancellationToken);
                await WriteAsync(db, entries, audit, events, cancellationToken);
            }

            // Entries() has just detected the changes, and nothing between here and EF Core's update pipeline makes
            // more, so EF Core's own pass over every tracked entry is skipped for the rest of this save
            // (MakCrmDbContext turns detection back on when the save ends, however it ends).
            if (db.ChangeTracker.AutoDetectChangesEnabled)
            {
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                db.ChangesDetectedForSave = true;
            }
        }

        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    private static async Task WriteAsync(
        MakCrmDbContext db,
        IReadOnlyList<EntityEntry> entries,
        IReadOnlyList<AuditEvent> audit,
        NpgsqlBatchCommand? events,
        CancellationToken cancellationToken
    )
    {
        var rows = NewRowBatch.Plan(entries);
        if (audit.Count == 0 && rows.Count == 0 && events is null)
        {
            return;
        }

        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        if (events is not null)
        {
            batch.BatchCommands.Add(events);
        }

        foreach (var line in audit)
        {
            batch.BatchCommands.Add(AuditEventInserts.Insert(line));
        }

        foreach (var row in rows)
        {
            batch.BatchCommands.Add(EntityInserts.Insert(row.Metadata, row.Entity));
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception)
        {
            // Refused as EF Core's own save would be: the unit of work answers a unique violation as a conflict.
            throw new DbUpdateException("The save's new rows were refused.", exception, rows);
        }

        // Written: EF Core saves these rows no more, and treats later changes to them as updates.
        foreach (var row in rows)
        {
            row.State = EntityState.Unchanged;
        }
    }
}
