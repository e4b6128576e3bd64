using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// Which of a save's new rows <see cref="SaveBatchInterceptor"/> writes ahead of EF Core's update pipeline, and in which
/// order. Everything it leaves is written by EF Core afterwards, which orders its own commands; so a row goes into the
/// batch only when writing it first cannot be wrong:
/// <list type="bullet">
/// <item>its INSERT is EF Core's (<see cref="EntityInserts.Writes"/>);</item>
/// <item>its table is not in a cycle of foreign keys (two tables that refer to each other need EF Core's ordering);</item>
/// <item>no row of its table is changed or deleted in the same save (EF Core puts a change that frees a unique value
/// before the insert that takes it);</item>
/// <item>every new row it refers to is in the batch, in a table that comes earlier: tables are written principals
/// first, and a row referring to a new row of its own table is left to EF Core.</item>
/// </list>
/// </summary>
internal static class NewRowBatch
{
    private static readonly ConcurrentDictionary<IModel, IReadOnlyDictionary<IEntityType, int>> Orders = new();

    public static List<EntityEntry> Plan(IReadOnlyList<EntityEntry> entries)
    {
        var added = entries.Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0)
        {
            return [];
        }

        var order = Orders.GetOrAdd(added[0].Context.Model, TableOrder);
        var touched = entries.Where(e => e.State is EntityState.Modified or EntityState.Deleted).Select(e => e.Metadata.GetTableName()).ToHashSet();
        var addedByRoot = added.ToLookup(e => e.Metadata.GetRootType());
        var batch = new List<EntityEntry>();
        var inBatch = new HashSet<EntityEntry>();
        foreach (var entry in added.Where(e => order.ContainsKey(e.Metadata)).OrderBy(e => order[e.Metadata]))
        {
            if (!touched.Contains(entry.Metadata.GetTableName()) && EntityInserts.Writes(entry) && PrincipalsWritten(entry, addedByRoot, inBatch))
            {
                batch.Add(entry);
                inBatch.Add(entry);
            }
        }

        return batch;
    }

    // Every new row the entry refers to is already in the batch, in another table.
    private static bool PrincipalsWritten(EntityEntry entry, ILookup<IEntityType, EntityEntry> addedByRoot, HashSet<EntityEntry> inBatch)
    {
        foreach (var foreignKey in entry.Metadata.GetForeignKeys())
        {
            var candidates = addedByRoot[foreignKey.PrincipalEntityType.GetRootType()];
            if (foreignKey.Properties.Count != 1)
            {
                // Not matched by value: any new row of the principal's table keeps the entry for EF Core.
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
            foreach (var principal in candidates.Where(c => Equals(c.Property(key).CurrentValue, value)))
            {
                if (principal.Metadata.GetRootType() == entry.Metadata.GetRootType() || !inBatch.Contains(principal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Each entity type outside a foreign-key cycle, numbered so that the types it refers to come first (the longest
    /// chain of references below it). A reference to its own type, or to a type in a cycle (whose new rows are always
    /// left to EF Core), does not count.
    /// </summary>
    private static IReadOnlyDictionary<IEntityType, int> TableOrder(IModel model)
    {
        var types = model.GetEntityTypes().ToList();
        var cyclic = InCycles(types);
        var depth = new Dictionary<IEntityType, int>();

        int Depth(IEntityType type)
        {
            if (!depth.TryGetValue(type, out var known))
            {
                known = depth[type] = Principals(type).Where(p => !cyclic.Contains(p)).Select(Depth).DefaultIfEmpty(-1).Max() + 1;
            }

            return known;
        }

        return types.Where(t => !cyclic.Contains(t)).ToDictionary(t => t, Depth);
    }

    private static IEnumerable<IEntityType> Principals(IEntityType type) =>
        type.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != type).Distinct();

    /// <summary>The types in a strongly connected component of more than one type (Tarjan's algorithm).</summary>
    private static HashSet<IEntityType> InCycles(IReadOnlyList<IEntityType> types)
    {
        var index = new Dictionary<IEntityType, int>();
        var low = new Dictionary<IEntityType, int>();
        var stack = new Stack<IEntityType>();
        var onStack = new HashSet<IEntityType>();
        var cyclic = new HashSet<IEntityType>();

        void Connect(IEntityType type)
        {
            index[type] = low[type] = index.Count;
            stack.Push(type);
            onStack.Add(type);
            foreach (var principal in Principals(type))
            {
                if (!index.ContainsKey(principal))
                {
                    Connect(principal);
                    low[type] = Math.Min(low[type], low[principal]);
                }
                else if (onStack.Contains(principal))
                {
                    low[type] = Math.Min(low[type], index[principal]);
                }
            }

            if (low[type] == index[type])
            {
                var component = new List<IEntityType>();
                IEntityType member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != type);

                if (component.Count > 1)
                {
                    cyclic.UnionWith(component);
                }
            }
        }

        foreach (var type in types.Where(t => !index.ContainsKey(t)))
        {
            Connect(type);
        }

        return cyclic;
    }
}
