using System.Reflection;
using System.Text.RegularExpressions;
using MakCrm.Application;
using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Auction;
using MakCrm.Domain.Common;
using MakCrm.Infrastructure.Persistence;

namespace MakCrm.ArchitectureTests;

/// <summary>
/// The SQL written by hand is fenced (ADR 0037): advisory locks are written in one helper, enum values reach SQL text
/// only through the enum-literal helper, audit rows are made and written in Auditing only, the opt-out of the unit of
/// work is the bid's alone, a context's connection opened by hand is closed by hand, and neither Application nor
/// Infrastructure reaches up into WebApi. Read from the source files of the API's layers (the Telegram bot is an
/// application of its own, with its own schema) and from the compiled assemblies.
/// </summary>
public sealed partial class RawSqlTests
{
    private const string Fence = "src/Infrastructure/Persistence/RawSql/";
    private const string LockHelper = Fence + "AdvisoryLocks.cs";
    private const string EnumHelper = Fence + "EnumLiterals.cs";

    private static readonly string[] ApiLayers = ["src/Domain", "src/Application", "src/Infrastructure", "src/WebApi"];

    [Fact]
    public void Advisory_locks_are_written_in_the_one_helper_only()
    {
        var writers = SourceFiles()
            .Where(f =>
                f.Text.Contains("pg_advisory", StringComparison.Ordinal)
                || f.Text.Contains("hashtextextended", StringComparison.Ordinal)
            )
            .Select(f => f.Path);

        writers.Should().BeEquivalentTo([LockHelper], "every lock and lock key comes from AdvisoryLocks");
    }

    [Fact]
    public void Enum_values_reach_sql_only_through_the_enum_literal_helper()
    {
        Assembly[] layers =
        [
            typeof(AggregateRoot).Assembly,
            typeof(ApplicationAssembly).Assembly,
            typeof(MakCrmDbContext).Assembly,
        ];
        var spellings = layers
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsEnum)
            .SelectMany(SnakeCaseNames.All)
            .ToHashSet(StringComparer.Ordinal);

        var literals = SourceFiles()
            .Where(f => f.Path.StartsWith("src/Infrastructure/", StringComparison.Ordinal) && f.Path != EnumHelper)
            .SelectMany(f => f.Lines.Select((line, i) => (f.Path, Number: i + 1, Line: line)))
            .Where(l => !l.Line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .SelectMany(l => EnumLiteralsIn(l.Line, spellings).Select(word => $"{l.Path}:{l.Number}: {word}"));

        literals.Should().BeEmpty("an enum value is written into SQL as EnumLiterals spells it, never by hand");
    }

    [Fact]
    public void A_context_connection_opened_by_hand_is_closed_by_hand_in_the_same_file()
    {
        // The contexts are pooled, and the pool does not reset how many times a context's connection was opened: one
        // returned still counted open keeps its connection and refuses an import's borrowed connection.
        var unbalanced = SourceFiles()
            .Select(f =>
                (
                    f.Path,
                    Opens: Regex.Count(f.Text, @"Database\.OpenConnection(Async)?\("),
                    Closes: Regex.Count(f.Text, @"Database\.CloseConnection(Async)?\(")
                )
            )
            .Where(f => f.Opens != f.Closes)
            .Select(f => $"{f.Path}: {f.Opens} opened, {f.Closes} closed");

        unbalanced.Should().BeEmpty("Database.OpenConnectionAsync is paired with CloseConnectionAsync in a finally");
    }

    [Fact]
    public void Audit_rows_are_made_and_written_in_auditing_only()
    {
        var writers = SourceFiles()
            .Where(f => !f.Path.StartsWith("src/Infrastructure/Auditing/", StringComparison.Ordinal))
            .Where(f =>
                f.Text.Contains("INSERT INTO audit_events", StringComparison.OrdinalIgnoreCase)
                || NewAuditEvent().IsMatch(f.Text)
            )
            .Select(f => f.Path);

        writers
            .Should()
            .BeEmpty("audit lines come from AuditTrail or AuditLines and are written by the save or AuditEventInserts");
    }

    [Fact]
    public void Only_the_bid_commits_in_its_own_batch()
    {
        var optOuts = typeof(ApplicationAssembly)
            .Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(ICommitsInItsOwnBatch).IsAssignableFrom(t));

        optOuts
            .Should()
            .BeEquivalentTo([typeof(PlaceBidCommand)], "every other command goes through the unit of work (ADR 0038)");
    }

    [Fact]
    public void Application_and_infrastructure_do_not_reach_up_into_the_web_layer()
    {
        Assembly[] inner = [typeof(ApplicationAssembly).Assembly, typeof(MakCrmDbContext).Assembly];
        inner
            .SelectMany(a => a.GetReferencedAssemblies().Select(r => $"{a.GetName().Name} -> {r.Name}"))
            .Should()
            .NotContain(reference => reference.EndsWith("-> MakCrm.WebApi", StringComparison.Ordinal));

        SourceFiles()
            .Where(f =>
                f.Path.StartsWith("src/Application/", StringComparison.Ordinal)
                || f.Path.StartsWith("src/Infrastructure/", StringComparison.Ordinal)
            )
            .Where(f => f.Text.Contains("MakCrm.WebApi", StringComparison.Ordinal))
            .Select(f => f.Path)
            .Should()
            .BeEmpty("the web layer composes Application and Infrastructure, never the other way round");
    }

    /// <summary>
    /// The quoted words of a line that are an enum's spelling. A word right after <c>date_part(</c> or
    /// <c>date_trunc(</c> is one of PostgreSQL's field names ('year', 'month'), not a value of ours.
    /// </summary>
    private static IEnumerable<string> EnumLiteralsIn(string line, HashSet<string> spellings) =>
        QuotedWord()
            .Matches(line)
            .Where(m => spellings.Contains(m.Groups["word"].Value) && !m.Groups["field"].Success)
            .Select(m => m.Value)
            .Concat(SplicedSpelling().Matches(line).Select(m => m.Value));

    // A time unit (date_part, date_trunc) or a JSON type (jsonb_typeof(…) = '…') is PostgreSQL's word, not an enum's.
    [GeneratedRegex(
        @"(?<field>(date_part|date_trunc)\(\s*|jsonb_typeof\([^)']*\)\s*=\s*)?'(?<word>[a-z][a-z0-9_]*)'",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex QuotedWord();

    // A spelling spliced between quotes by hand: '{SnakeCaseNames.Of(...)}'.
    [GeneratedRegex(@"'\{+[^}]*SnakeCaseNames[^}]*\}+'")]
    private static partial Regex SplicedSpelling();

    [GeneratedRegex(@"new\s+AuditEvent\s*[({]")]
    private static partial Regex NewAuditEvent();

    private sealed record SourceFile(string Path, string Text)
    {
        public string[] Lines { get; } = Text.Split('\n');
    }

    private static IEnumerable<SourceFile> SourceFiles()
    {
        var root = Repository.Root();
        return ApiLayers
            .SelectMany(layer =>
                Directory.EnumerateFiles(Path.Combine(root, layer), "*.cs", SearchOption.AllDirectories)
            )
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path =>
                !path.Contains("/bin/", StringComparison.Ordinal)
                && !path.Contains("/obj/", StringComparison.Ordinal)
                && !path.Contains("/Migrations/", StringComparison.Ordinal)
            )
            .Select(path => new SourceFile(path, File.ReadAllText(Path.Combine(root, path))));
    }
}
