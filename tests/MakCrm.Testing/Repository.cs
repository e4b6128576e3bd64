namespace MakCrm.Testing;

/// <summary>The repository the tests run in, for the files and programs they use.</summary>
public static class Repository
{
    /// <summary>The repository's root: the first folder above the test's binaries that holds MakCrm.sln.</summary>
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MakCrm.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("MakCrm.sln was not found above " + AppContext.BaseDirectory);
    }
}
