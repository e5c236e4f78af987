using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Orders.Benchmark;

/// <summary>
/// Starts checkouts over HTTP: in a closed model (a fixed number in flight, the next started when one ends) or an
/// open model (a fixed arrival rate, whatever the service does; latency counts from when a POST was due, so a
/// client falling behind is not hidden). Every checkout is 1 to 3 lines of products 1..999 (never 404, the one
/// unavailable product) in quantities 1..3, so each should end Paid. Each checkout goes to its own instance
/// (<see cref="TrackedCheckout.Instance"/>), polls included.
/// </summary>
public sealed class CheckoutDriver(IReadOnlyList<HttpClient> instances, CompletionWatcher watcher, TimeSpan timeout)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly long[] _accepted = new long[instances.Count];
    private long _posts;
    private long _gets;
    private long _failedPosts;

    /// <summary>HTTP requests sent (every attempt).</summary>
    public long Requests => Interlocked.Read(ref _posts) + Interlocked.Read(ref _gets);

    /// <summary>POST attempts answered otherwise than 202 (or not answered).</summary>
    public long FailedPosts => Interlocked.Read(ref _failedPosts);

    /// <summary>Checkouts each instance accepted (202), by instance.</summary>
    public long AcceptedBy(int instance) => Interlocked.Read(ref _accepted[instance]);

    public async Task RunClosedAsync(IReadOnlyList<TrackedCheckout> checkouts, int concurrency)
    {
        var next = -1;
        var users = Enumerable.Range(0, Math.Min(concurrency, checkouts.Count)).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < checkouts.Count)
            {
                var checkout = checkouts[index];
                checkout.Started = Stopwatch.GetTimestamp();
                await SubmitAsync(checkout).ConfigureAwait(false);
                await WaitForEndAsync(checkout).ConfigureAwait(false);
            }
        });
        await Task.WhenAll(users).ConfigureAwait(false);
    }

    public async Task RunOpenAsync(IReadOnlyList<TrackedCheckout> checkouts, double perSecond)
    {
        var started = new List<Task>(checkouts.Count);
        var origin = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / perSecond;
        for (var i = 0; i < checkouts.Count; i++)
        {
            var due = origin + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait).ConfigureAwait(false);
            var checkout = checkouts[i];
            checkout.Started = due;
            started.Add(Task.Run(async () =>
            {
                await SubmitAsync(checkout).ConfigureAwait(false);
                await WaitForEndAsync(checkout).ConfigureAwait(false);
            }));
        }
        await Task.WhenAll(started).ConfigureAwait(false);
    }

    /// <summary>Asks for the checkout's state by a poll: for those whose end the watcher did not see, and as a check.</summary>
    public async Task<string?> PollStateAsync(TrackedCheckout checkout)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/orders/checkout/{checkout.RequestId}");
        AddIdentity(request, checkout);
        Interlocked.Increment(ref _gets);
        using var response = await instances[checkout.Instance].SendAsync(request).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            return $"http-{(int)response.StatusCode}";
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStreamAsync().ConfigureAwait(false));
        return body.RootElement.GetProperty("state").GetString();
    }

    private async Task WaitForEndAsync(TrackedCheckout checkout)
    {
        var left = timeout - Stopwatch.GetElapsedTime(checkout.Started);
        try
        {
            await checkout.Ended.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Not finished in time: the poll after the run says where it stands.
        }
    }

    private async Task SubmitAsync(TrackedCheckout checkout)
    {
        watcher.Track(checkout);
        var body = Body(checkout.RequestId);
        // Sent until accepted, or until the checkout's time is up: a refusal (503) is waited out as its Retry-After says.
        while (Stopwatch.GetElapsedTime(checkout.Started) < timeout)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/checkout")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            AddIdentity(request, checkout);
            Interlocked.Increment(ref _posts);
            var pause = RetryPause;
            try
            {
                using var response = await instances[checkout.Instance].SendAsync(request).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    checkout.Accepted = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref _accepted[checkout.Instance]);
                    return;
                }
                if (response.Headers.RetryAfter?.Delta is { } retryAfter)
                    pause = retryAfter;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            // The requestId is an idempotency key: sending it again never starts a second checkout.
            Interlocked.Increment(ref _failedPosts);
            await Task.Delay(pause).ConfigureAwait(false);
        }
        checkout.Fail("not-accepted");
    }

    private static void AddIdentity(HttpRequestMessage request, TrackedCheckout checkout)
    {
        var user = 1 + (uint)checkout.RequestId.GetHashCode(StringComparison.Ordinal) % 1000;
        request.Headers.Add("X-UserId", user.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Email", $"user{user}@bench.example");
    }

    private static string Body(string requestId)
    {
        var random = Random.Shared;
        var lines = random.Next(1, 4);
        var products = new HashSet<int>();
        while (products.Count < lines)
        {
            var product = random.Next(1, 1000);
            if (product != 404)
                products.Add(product);
        }
        var items = string.Join(",", products.Select(p => $$"""{"productId":{{p}},"quantity":{{random.Next(1, 4)}}}"""));
        return $$"""{"requestId":"{{requestId}}","items":[{{items}}]}""";
    }
}
