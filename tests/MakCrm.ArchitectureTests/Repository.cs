namespace MakCrm.ArchitectureTests;

/// <summary>The repository the tests run in: its root, and the C# its engineers write (neither generated nor
/// migrations).</summary>
internal static class Repository
{
    public static string Root()
    {
        for (
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent
        )
        {
            if (File.Exists(Path.Combine(directory.FullName, "MakCrm.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("MakCrm.sln was not found above the test's directory.");
    }

    /// <summary>The hand-written C# files below <paramref name="folder"/>, as paths relative to the root.</summary>
    public static IEnumerable<string> HandWrittenCode(string folder)
    {
        var root = Root();
        return Directory
            .EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path =>
                !path.Contains("/bin/", StringComparison.Ordinal)
                && !path.Contains("/obj/", StringComparison.Ordinal)
                && !path.Contains("/Migrations/", StringComparison.Ordinal)
                && !path.Contains("/Generated/", StringComparison.Ordinal)
                && !path.EndsWith(".g.cs", StringComparison.Ordinal)
            );
    }
}
