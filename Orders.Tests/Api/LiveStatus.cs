using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

/// <summary>Opening and reading checkout event streams in these tests.</summary>
internal static class LiveStatus
{
    public static string PathOf(string requestId) => $"/orders/checkout/{requestId}/events";

    public static Task<ApiEventSource> OpenAsync(ApiHost host, ApiCaller caller, string requestId, string? lastEventId = null) =>
        ApiEventSource.OpenAsync(host.CreateClient(), PathOf(requestId), caller, lastEventId);

    /// <summary>Opens a stream, trying again for 5 s while the instance has no place free (a closed stream gives its place back once the server notices).</summary>
    public static async Task<ApiEventSource> OpenWhenFreeAsync(ApiHost host, ApiCaller caller, string requestId)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var stream = await OpenAsync(host, caller, requestId);
            if (stream.Status != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > until)
                return stream;
            await stream.DisposeAsync();
            await Task.Delay(ApiCaller.PollInterval);
        }
    }

    /// <summary>An event as "State", "State REASON_CODE", with " final" when the stream ends after it.</summary>
    public static string Describe(ServerSentFrame frame)
    {
        var json = frame.Json;
        var text = json.IsNull("reasonCode") ? json.Text("state")! : $"{json.Text("state")} {json.Text("reasonCode")}";
        return json.GetProperty("final").GetBoolean() ? $"{text} final" : text;
    }

    /// <summary>The hosted services of an instance besides ASP.NET Core's own.</summary>
    public static IReadOnlyList<string> BackgroundServicesOf(ApiReadOnlyInstance instance) =>
        instance.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName!).Where(n => !n.StartsWith("Microsoft.", StringComparison.Ordinal)).ToList();

    /// <summary>Whether a line of the checkout's stream containing <paramref name="text"/> is logged within 5 s.</summary>
    public static async Task<bool> WaitForLineAsync(ApiLogCapture log, string requestId, string text)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < until)
        {
            if (log.Entries.Any(e => e.Message.Contains(requestId, StringComparison.Ordinal) && e.Message.Contains(text, StringComparison.Ordinal)))
                return true;
            await Task.Delay(ApiCaller.PollInterval);
        }
        return false;
    }
}
