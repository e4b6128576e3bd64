using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MakCrm.ArchitectureTests;

/// <summary>
/// The database model is made from the entity configurations alone (applied from the assembly; the context lists no
/// sets): these tests say which piece is missing when an entity is half-mapped.
/// </summary>
public sealed class ModelTests
{
    [Fact]
    public void Every_aggregate_of_the_domain_is_mapped()
    {
        using var db = Context();
        var unmapped = typeof(AggregateRoot)
            .Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(AggregateRoot)))
            .Where(t => db.Model.FindEntityType(t) is null)
            .Select(t =>
                $"{t.Name} has no IEntityTypeConfiguration<{t.Name}> in Infrastructure/Persistence/Configurations"
            );

        unmapped.Should().BeEmpty();
    }

    [Fact]
    public void The_model_is_the_one_the_migrations_made()
    {
        using var db = Context();

        db.Database.HasPendingModelChanges()
            .Should()
            .BeFalse("a change to the model needs its migration (./mak migration-add)");
    }

    /// <summary>A context over options only: the model is built without a connection.</summary>
    internal static MakCrmDbContext Context() =>
        new(
            (DbContextOptions<MakCrmDbContext>)
                Infrastructure
                    .DependencyInjection.Configure(new DbContextOptionsBuilder<MakCrmDbContext>(), "Host=127.0.0.1")
                    .Options
        );
}
