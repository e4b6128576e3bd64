using MakCrm.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MakCrm.IntegrationTests.Persistence;

/// <summary>Every migration's SQL as <c>--migrate</c> runs it (EF Core's migrator, from the migration before it), in
/// order; no database is needed.</summary>
internal static class MigrationScripts
{
    public static List<(string Migration, string Sql)> Generate()
    {
        var options = MakCrm.Infrastructure.DependencyInjection.Configure(
            new DbContextOptionsBuilder<MakCrmDbContext>(),
            "Host=127.0.0.1"
        );
        using var db = new MakCrmDbContext((DbContextOptions<MakCrmDbContext>)options.Options);
        var migrator = db.GetService<IMigrator>();
        var scripts = new List<(string, string)>();
        var previous = Migration.InitialDatabase;
        foreach (var migration in db.Database.GetMigrations())
        {
            scripts.Add((migration, migrator.GenerateScript(previous, migration)));
            previous = migration;
        }

        return scripts;
    }
}
