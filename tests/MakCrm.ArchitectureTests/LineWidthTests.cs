namespace MakCrm.ArchitectureTests;

/// <summary>
/// The code is read at a glance: no hand-written line of <c>src</c> is wider than 120 characters (CSharpier, with
/// <c>.csharpierrc.json</c>, formats to that width; it leaves strings and comments to their writer).
/// </summary>
public sealed class LineWidthTests
{
    private const int MaxWidth = 120;

    [Fact]
    public void No_hand_written_line_of_src_is_wider_than_120_characters()
    {
        var root = Repository.Root();
        var wide = Repository.HandWrittenCode("src")
            .SelectMany(path => File.ReadLines(Path.Combine(root, path))
                .Select((line, index) => (Path: path, Number: index + 1, line.Length))
                .Where(line => line.Length > MaxWidth))
            .Select(line => $"{line.Path}:{line.Number} ({line.Length} characters)")
            .ToList();

        wide.Should().BeEmpty(
            "lines are at most {0} characters; wrap these:\n{1}", MaxWidth, string.Join("\n", wide.Take(50)));
    }
}
