using Microsoft.AspNetCore.Http.HttpResults;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Reading;

namespace Orders.Api.Gateway;

/// <summary>The problem answers only the gateway routes give.</summary>
public static class GatewayProblems
{
    /// <summary>A checkout that timed out because Payment (or, earlier, Product) did not answer: 504, naming the service.</summary>
    public static ProblemHttpResult NoAnswer(CheckoutSnapshot checkout)
    {
        var title = checkout.ReasonCode switch
        {
            ReasonCodes.PaymentTimedOut => "Payment Service did not respond",
            ReasonCodes.ProductTimedOut => "Product Service did not respond",
            _ => checkout.Reason ?? "A service did not respond",
        };
        return TypedResults.Problem(
            statusCode: StatusCodes.Status504GatewayTimeout,
            title: title,
            detail: $"Checkout '{checkout.RequestId}' ended without a payment: {title}.",
            extensions: new Dictionary<string, object?>
            {
                ["requestId"] = checkout.RequestId,
                ["status"] = LegacyFormat.Timeout,
                ["reasonCode"] = checkout.ReasonCode,
                ["orderId"] = checkout.OrderId is { } id ? LegacyFormat.OrderId(id) : null,
            });
    }
}
