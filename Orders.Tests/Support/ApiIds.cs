namespace Orders.Tests.Support;

/// <summary>Fresh user ids and requestIds, so tests on one shared host never see each other's checkouts.</summary>
public static class ApiIds
{
    private static long _lastUserId = 100_000;

    public static long NextUserId() => Interlocked.Increment(ref _lastUserId);

    public static string NewRequestId(string prefix = "req") => $"{prefix}-{Guid.NewGuid():N}";
}
