using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// Which of a save's new rows <see cref="SaveBatchInterceptor"/> writes ahead of EF Core's update pipeline, and in
/// which
/// order. Everything it leaves is written by EF Core afterwards, which orders its own commands; so a row goes into the
/// batch only when writing it there cannot be wrong:
/// <list type="bullet">
/// <item>its INSERT is EF Core's (<see cref="EntityInserts.Writes"/>);</item>
/// <item>no row of its table is changed or deleted in the same save (EF Core puts a change that frees a unique value
/// before the insert that takes it);</item>
/// <item>every new row it refers to is earlier in the batch. Rows join the batch in rounds, each taking the rows whose
/// new principals joined before, so principals always come first; rows that refer to each other, and rows that refer
/// to a new row left to EF Core, are left to EF Core.</item>
/// </list>
/// </summary>
internal static class NewRowBatch
{
    public static List<EntityEntry> Plan(IReadOnlyList<EntityEntry> entries)
    {
        var added = entries.Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return [];
        }

        var touched = entries
            .Where(e => e.State is EntityState.Modified or EntityState.Deleted)
            .Select(e => e.Metadata.GetTableName())
            .ToHashSet();
        var addedByRoot = added.ToLookup(e => e.Metadata.GetRootType());
        var waiting = added
            .Where(e => !touched.Contains(e.Metadata.GetTableName()) && EntityInserts.Writes(e))
            .ToList();
        var batch = new List<EntityEntry>();
        var inBatch = new HashSet<EntityEntry>();
        while (waiting.Count > 0)
        {
            var joining = waiting.Where(e => PrincipalsWritten(e, addedByRoot, inBatch)).ToList();
            if (joining.Count == 0)
            {
                break;
            }

            batch.AddRange(joining);
            inBatch.UnionWith(joining);
            waiting.RemoveAll(inBatch.Contains);
        }

        return batch;
    }

    // Every new row the entry refers to is already in the batch.
    private static bool PrincipalsWritten(
        EntityEntry entry,
        ILookup<IEntityType, EntityEntry> addedByRoot,
        HashSet<EntityEntry> inBatch
    )
    {
        foreach (var foreignKey in entry.Metadata.GetForeignKeys())
        {
            var candidates = addedByRoot[foreignKey.PrincipalEntityType.GetRootType()].Where(c => c != entry);
            if (foreignKey.Properties.Count != 1)
            {
                // Not matched by value: any other new row of the principal's table keeps the entry for EF Core.
                if (candidates.Any())
                {
                    return false;
                }

                continue;
            }

            if (entry.Property(foreignKey.Properties[0].Name).CurrentValue is not { } value)
            {
                continue;
            }

            var key = foreignKey.PrincipalKey.Properties[0].Name;
            if (candidates.Any(c => !inBatch.Contains(c) && Equals(c.Property(key).CurrentValue, value)))
            {
                return false;
            }
        }

        return true;
    }
}
