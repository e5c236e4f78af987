using System.Globalization;
using System.Text.Json;
using Orders.StateMachine.Checkout;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

/// <summary>Requests to the legacy routes, as a gateway of the replaced service sends them.</summary>
internal static class Legacy
{
    public const string SummaryPath = "/Order/Order-Summary";
    public const string GetOrderPath = "/Order/GetOrder";

    public static string PayResultPath(string requestId) => $"/Order/pay-result/{requestId}";

    public static string SummaryJson(string requestId, params (int Id, int Quantity)[] lines) => JsonSerializer.Serialize(new
    {
        items = lines.Select(l => new { id = l.Id, quantity = l.Quantity }),
        requestId,
    });

    /// <summary>POST /Order/Order-Summary with the headers spelled as the legacy gateways spell them.</summary>
    public static HttpRequestMessage Summary(ApiCaller caller, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, SummaryPath) { Content = ApiCaller.Json(json) };
        request.Headers.Add("X-UserId", caller.UserId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-EMAIL", caller.Email);
        return request;
    }

    public static string Describe(JsonElement order) =>
        string.Create(CultureInfo.InvariantCulture, $"{order.Text("orderId")} {order.GetProperty("totalAmount").GetRawText()} {order.Text("status")}");

    /// <summary>
    /// A checkout that timed out waiting for Payment, written as the saga leaves one. The simulators always answer,
    /// so the API's reading of this state is checked on a recorded row; the saga's own timeout is covered by the flow tests.
    /// </summary>
    public static async Task RecordPaymentTimeoutAsync(ApiHost host, ApiCaller caller, string requestId, long orderId)
    {
        await using var db = host.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        db.Checkouts.Add(new OrderState
        {
            CorrelationId = CheckoutId.For(requestId),
            CurrentState = nameof(OrderStateMachine.TimedOut),
            RequestId = requestId,
            UserId = caller.UserId,
            Email = caller.Email,
            Fingerprint = "recorded-by-test",
            Lines = [new OrderLine { ProductId = 1, Quantity = 1, Name = "Product 1", UnitPrice = 1.99m, LineTotal = 1.99m }],
            OrderId = orderId,
            TotalAmount = 1.99m,
            Currency = "USD",
            ReasonCode = ReasonCodes.PaymentTimedOut,
            Reason = "Payment Service did not respond",
            CreatedAt = now,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync();
    }
}
