using System.Diagnostics;
using MakCrm.Testing;

namespace MakCrm.IntegrationTests.Persistence;

/// <summary>
/// Every migration's SQL, as EF Core generates it for <c>--migrate</c>, linted by squawk (npm <c>squawk-cli</c>, which
/// ./mak test installs) for the forms that lock a table an old instance is using or break that instance: the rules and
/// the exceptions are in <c>.squawk.toml</c>, each exception with its reason. A migration added later is linted
/// without a change here.
/// </summary>
public sealed class MigrationLintTests
{
    [Fact]
    public async Task Squawk_passes_the_sql_of_every_migration()
    {
        var folder = Directory.CreateTempSubdirectory("mak-migrations-");
        try
        {
            var files = WriteMigrationScripts(folder.FullName);
            files.Should().HaveCountGreaterThan(1, "the baseline and the migrations after it");

            var (exitCode, output) = await SquawkAsync(files);

            exitCode
                .Should()
                .Be(0, "squawk finds no unsafe form (docs/operations.md, \"Rolling out a migration\"):\n{0}", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Squawk_fails_an_index_built_without_concurrently_on_an_existing_table()
    {
        var folder = Directory.CreateTempSubdirectory("mak-migrations-");
        try
        {
            var file = Path.Combine(folder.FullName, "unsafe.sql");
            await File.WriteAllTextAsync(file, "CREATE INDEX ix_leads_city ON leads (city);\n");

            var (exitCode, output) = await SquawkAsync([file]);

            exitCode.Should().NotBe(0, output);
            output.Should().Contain("require-concurrent-index-creation");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Each migration's script, in a file named by the migration, in order.</summary>
    private static List<string> WriteMigrationScripts(string folder)
    {
        var files = new List<string>();
        foreach (var (migration, sql) in MigrationScripts.Generate())
        {
            var file = Path.Combine(folder, migration + ".sql");
            File.WriteAllText(file, sql);
            files.Add(file);
        }

        return files;
    }

    private static async Task<(int ExitCode, string Output)> SquawkAsync(IEnumerable<string> files)
    {
        var root = Repository.Root();
        var start = new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "squawk"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // One line per finding: file, line, rule and message.
        start.ArgumentList.Add("--reporter=gcc");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(Path.Combine(root, ".squawk.toml"));
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process =
            Process.Start(start)
            ?? throw new InvalidOperationException(
                "squawk did not start; ./mak test installs it (npm ci in the root)."
            );
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
