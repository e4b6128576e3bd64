using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// The INSERT of a new entity as EF Core would send it — every mapped column, each value through the property's own
/// type mapping and value converter — built from the model once per entity type, so the statement stays true to the
/// mapping as the model changes. <see cref="SaveBatchInterceptor"/> writes a save's new rows with them.
/// </summary>
internal static class EntityInserts
{
    private static readonly ConcurrentDictionary<IEntityType, Statement?> Statements = new();

    // Only its CreateParameter is used: EF Core's type mappings make parameters through a command.
    private static readonly NpgsqlCommand ParameterFactory = new();

    /// <summary>
    /// Whether this INSERT writes a new row of the entry exactly as EF Core would: the type is a plain table entity
    /// (one table of its own, no shadow, complex or owned parts, nothing the database computes on update), and every
    /// column the database would fill in for EF Core — a key it generates, a default — has a value of the entry's own,
    /// which EF Core sends too.
    /// </summary>
    public static bool Writes(EntityEntry entry)
    {
        if (Statements.GetOrAdd(entry.Metadata, Build) is not { } statement)
        {
            return false;
        }

        foreach (var column in statement.StoreFilled)
        {
            if (Equals(column.GetGetter().GetClrValueUsingContainingEntity(entry.Entity), column.Sentinel))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The INSERT of a new row of an entity <see cref="Writes"/> accepts.</summary>
    public static NpgsqlBatchCommand Insert(IEntityType type, object entity)
    {
        var statement =
            Statements.GetOrAdd(type, Build)
            ?? throw new InvalidOperationException($"{type.DisplayName()} is not a plain table entity.");
        var command = new NpgsqlBatchCommand(statement.Sql);
        foreach (var column in statement.Columns)
        {
            var value = column.Property.GetGetter().GetClrValueUsingContainingEntity(entity);
            command.Parameters.Add(
                (NpgsqlParameter)column.Mapping.CreateParameter(ParameterFactory, "", value, column.Property.IsNullable)
            );
        }

        return command;
    }

    private static Statement? Build(IEntityType type)
    {
        if (
            type.GetTableName() is not { } table
            || type.IsOwned()
            || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
            || type.GetProperties().Any(p => p.IsShadowProperty())
            || type.GetComplexProperties().Any()
            || type.GetMappingFragments().Any()
            || type.Model.GetEntityTypes().Count(t => t.GetTableName() == table && t.GetSchema() == type.GetSchema())
                > 1
            || type.GetProperties()
                .Any(p => p.ValueGenerated.HasFlag(ValueGenerated.OnUpdate) || p.GetComputedColumnSql() is not null)
        )
        {
            return null;
        }

        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var columns = type.GetProperties().Select(p => new Column(p, p.GetRelationalTypeMapping())).ToList();
        var names = string.Join(", ", columns.Select(c => Quote(c.Property.GetColumnName(store)!)));
        var values = string.Join(", ", columns.Select((_, i) => $"${i + 1}"));
        var schema = type.GetSchema() is { } s ? Quote(s) + "." : "";
        var storeFilled = type.GetProperties()
            .Where(p =>
                p.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
                || p.GetDefaultValueSql() is not null
                || p.TryGetDefaultValue(out _)
            )
            .ToList();
        return new Statement($"INSERT INTO {schema}{Quote(table)} ({names}) VALUES ({values})", columns, storeFilled);
    }

    private static string Quote(string identifier) =>
        "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping);

    // StoreFilled: the properties whose column EF Core leaves to the database while the entity holds the sentinel.
    private sealed record Statement(string Sql, IReadOnlyList<Column> Columns, IReadOnlyList<IProperty> StoreFilled);
}
