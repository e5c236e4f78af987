using System.Diagnostics;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

/// <summary>Asks the same question until the answer is the expected one, failing with the last answer after a timeout.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task<ApiResponse> AnswersAsync(Func<Task<ApiResponse>> ask, Func<ApiResponse, bool> expected, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var clock = Stopwatch.StartNew();
        ApiResponse? last = null;
        while (clock.Elapsed < limit)
        {
            last = await ask();
            if (expected(last))
                return last;
            await Task.Delay(100);
        }
        Assert.Fail($"Not {what} within {limit.TotalSeconds} s; last answer: {last}");
        throw new UnreachableException();
    }

    public static Task<ApiResponse> ReadyAsync(this ApiCaller caller) => caller.SendAsync(HttpMethod.Get, "/health/ready", withIdentity: false);

    /// <summary>The status of one check in a health answer.</summary>
    public static string? CheckStatus(this ApiResponse health, string name) =>
        health.Json.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() == name)
            .Select(c => c.GetProperty("status").GetString())
            .FirstOrDefault();

    public static string? CheckDescription(this ApiResponse health, string name) =>
        health.Json.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() == name)
            .Select(c => c.GetProperty("description").GetString())
            .FirstOrDefault();
}
