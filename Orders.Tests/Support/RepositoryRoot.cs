namespace Orders.Tests.Support;

/// <summary>The checkout the tests were built from: the folder holding OrderSaga.sln above the test assembly.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path under the root, e.g. File("docs", "asyncapi.json").</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "OrderSaga.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No OrderSaga.sln above {AppContext.BaseDirectory}");
    }
}
