namespace Orders.Tests.Support;

/// <summary>The checkout's root folder (the one holding OrderSaga.sln), for tests that read or check committed files.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "OrderSaga.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException($"No OrderSaga.sln above {AppContext.BaseDirectory}");
    }
}
