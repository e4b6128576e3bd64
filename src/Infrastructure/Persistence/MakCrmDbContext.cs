using System.Text.Json;
using MakCrm.Domain.Clients;
using MakCrm.Domain.Leads;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence;

public sealed class MakCrmDbContext(DbContextOptions<MakCrmDbContext> options) : DbContext(options)
{
    public DbSet<Client> Clients => Set<Client>();

    public DbSet<Lead> Leads => Set<Lead>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MakCrmDbContext).Assembly);
        UseSnakeCaseNames(modelBuilder);
    }

    /// <summary>PostgreSQL's convention: tables, columns, keys and indexes in snake_case.</summary>
    private static void UseSnakeCaseNames(ModelBuilder modelBuilder)
    {
        static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(Snake(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Snake(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(Snake(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(Snake(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(Snake(index.GetDatabaseName()!));
            }
        }
    }
}
