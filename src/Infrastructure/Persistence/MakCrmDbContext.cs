using System.Text.Json;
using MakCrm.Infrastructure.CustomFields;
using MakCrm.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace MakCrm.Infrastructure.Persistence;

/// <summary>
/// The database. Contexts are pooled (<see cref="DependencyInjection"/>): a request takes a ready context from the pool
/// and gives it back, so the context's internal services are not built again for every request.
/// </summary>
public sealed class MakCrmDbContext(DbContextOptions<MakCrmDbContext> options)
    : IdentityDbContext<MakUser, MakRole, Guid>(options)
{
    /// <summary>
    /// The services of the request (DI scope) the context serves, through which the (singleton) interceptors reach the
    /// request's services: set when the scope takes the context from the pool, cleared when it goes back; null for a
    /// context made by hand.
    /// </summary>
    internal IServiceProvider? ScopeServices { get; set; }

    /// <summary>
    /// Set by <see cref="SaveBatchInterceptor"/> when it has detected the save's changes itself and turned automatic
    /// detection off for the rest of the save; <see cref="SaveChangesAsync(bool, CancellationToken)"/> turns it back on
    /// when the save ends, whether it succeeded, was refused or was cancelled.
    /// </summary>
    internal bool ChangesDetectedForSave { get; set; }

    public override async Task<int> SaveChangesAsync(
        bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            if (ChangesDetectedForSave)
            {
                ChangesDetectedForSave = false;
                ChangeTracker.AutoDetectChangesEnabled = true;
            }
        }
    }

    public override void Dispose()
    {
        ScopeServices = null;
        ChangesDetectedForSave = false;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ScopeServices = null;
        ChangesDetectedForSave = false;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<MakUser>().ToTable("users");
        modelBuilder.Entity<MakRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder
            .HasDbFunction(typeof(UserDisplayNames).GetMethod(nameof(UserDisplayNames.Of))!)
            .HasName(UserDisplayNames.Function)
            .IsNullable(false);
        var customFieldValue = modelBuilder
            .HasDbFunction(typeof(CustomFieldQueries).GetMethod(nameof(CustomFieldQueries.Value))!)
            .HasName(CustomFieldQueries.ValueFunction)
            .HasStoreType("jsonb")
            .IsNullable(false);
        customFieldValue.HasParameter("customFields").HasStoreType("jsonb");
        customFieldValue.HasParameter("key").HasStoreType("text");
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
