using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// The INSERT of a new entity as EF Core would send it — every mapped column, each value through the property's own
/// type mapping and value converter — built from the model once per entity type, so the statement stays true to the
/// mapping as the model changes. For rows written without the change tracker (<see cref="Repositories.LeadIntakeWriter"/>).
/// </summary>
internal static class EntityInserts
{
    private static readonly ConcurrentDictionary<IEntityType, Statement> Statements = new();

    // Only its CreateParameter is used: EF Core's type mappings make parameters through a command.
    private static readonly NpgsqlCommand ParameterFactory = new();

    public static IEntityType TypeOf(IModel model, object entity) =>
        model.FindEntityType(entity.GetType()) ?? throw new InvalidOperationException($"{entity.GetType().Name} is not mapped.");

    public static NpgsqlBatchCommand Insert(IModel model, object entity) => Insert(TypeOf(model, entity), entity);

    public static NpgsqlBatchCommand Insert(IEntityType type, object entity)
    {
        var statement = Statements.GetOrAdd(type, Build);
        var command = new NpgsqlBatchCommand(statement.Sql);
        foreach (var column in statement.Columns)
        {
            var value = column.Property.GetGetter().GetClrValueUsingContainingEntity(entity);
            command.Parameters.Add((NpgsqlParameter)column.Mapping.CreateParameter(ParameterFactory, "", value, column.Property.IsNullable));
        }

        return command;
    }

    private static Statement Build(IEntityType type)
    {
        if (type.GetTableName() is not { } table || type.GetProperties().Any(p => p.IsShadowProperty()) || type.GetComplexProperties().Any())
        {
            throw new InvalidOperationException($"{type.DisplayName()} is not a plain table entity.");
        }

        var store = StoreObjectIdentifier.Table(table, type.GetSchema());
        var columns = type.GetProperties().Select(p => new Column(p, p.GetRelationalTypeMapping())).ToList();
        var names = string.Join(", ", columns.Select(c => Quote(c.Property.GetColumnName(store)!)));
        var values = string.Join(", ", columns.Select((_, i) => $"${i + 1}"));
        var schema = type.GetSchema() is { } s ? Quote(s) + "." : "";
        return new Statement($"INSERT INTO {schema}{Quote(table)} ({names}) VALUES ({values})", columns);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Column(IProperty Property, RelationalTypeMapping Mapping);

    private sealed record Statement(string Sql, IReadOnlyList<Column> Columns);
}
