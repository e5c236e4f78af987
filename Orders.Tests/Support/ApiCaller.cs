using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Orders.Tests.Support;

/// <summary>One user talking to the API, with the identity headers the gateway would add.</summary>
public sealed class ApiCaller(HttpClient http, long userId, string email)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(10);

    public static readonly string[] FinalStates = ["Paid", "Rejected", "PaymentFailed", "TimedOut", "Cancelled", "RefundFailed", "Shipped"];

    public long UserId => userId;
    public string Email => email;

    public static string CheckoutJson(string requestId, params (int ProductId, int Quantity)[] lines) => JsonSerializer.Serialize(new
    {
        requestId,
        items = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }),
    });

    public Task<ApiResponse> CheckoutAsync(string requestId, params (int ProductId, int Quantity)[] lines) =>
        PostCheckoutAsync(Json(CheckoutJson(requestId, lines)));

    public Task<ApiResponse> PostCheckoutAsync(HttpContent content) => SendAsync(HttpMethod.Post, "/orders/checkout", content);

    public Task<ApiResponse> GetCheckoutAsync(string requestId) => SendAsync(HttpMethod.Get, $"/orders/checkout/{requestId}");

    public Task<ApiResponse> CancelAsync(string requestId) => SendAsync(HttpMethod.Post, $"/orders/checkout/{requestId}/cancel");

    public Task<ApiResponse> ListOrdersAsync(string query = "") => SendAsync(HttpMethod.Get, $"/orders{query}");

    /// <summary>Starts a checkout and waits until it reaches a final state; fails if it is not accepted.</summary>
    public async Task<JsonElement> CheckoutToEndAsync(string requestId, params (int ProductId, int Quantity)[] lines)
    {
        var accepted = await CheckoutAsync(requestId, lines);
        Assert.That((int)accepted.Status, Is.EqualTo(202), accepted.ToString);
        return await WaitForStateAsync(requestId, FinalStates);
    }

    /// <summary>Polls the checkout every 25 ms until it is in one of the states; fails after 10 s naming the last answer.</summary>
    public Task<JsonElement> WaitForStateAsync(string requestId, params string[] states) => WaitForStateAsync(requestId, PollTimeout, states);

    /// <summary>Polls the checkout every 25 ms until it is in one of the states; fails after the timeout naming the last answer.</summary>
    public async Task<JsonElement> WaitForStateAsync(string requestId, TimeSpan timeout, params string[] states)
    {
        var clock = Stopwatch.StartNew();
        ApiResponse? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await GetCheckoutAsync(requestId);
            if ((int)last.Status == 200 && states.Contains(last["state"]))
                return last.Json;
            await Task.Delay(PollInterval);
        }
        Assert.Fail($"Checkout {requestId} did not reach {string.Join(" or ", states)} within {timeout.TotalSeconds} s; last answer: {last}");
        throw new UnreachableException();
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content = null, bool withIdentity = true)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (withIdentity)
        {
            request.Headers.Add("X-UserId", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Email", email);
        }
        return await ReadAsync(await http.SendAsync(request));
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, text);
        }
    }
}
