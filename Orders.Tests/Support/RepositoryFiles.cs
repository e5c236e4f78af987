namespace Orders.Tests.Support;

/// <summary>Files of the repository the tests were built from, found from the test's build directory.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderSaga.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No OrderSaga.sln above {AppContext.BaseDirectory}");
    }
}
