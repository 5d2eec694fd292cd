namespace ChinaDial.Compliance.Tests;

/// <summary>The repository's root folder, found from the test assembly's location.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ChinaDial.Compliance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ChinaDial.Compliance.sln not found above " + AppContext.BaseDirectory);
    }
}
