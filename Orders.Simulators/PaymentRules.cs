using System.Globalization;
using Orders.Contracts;

namespace Orders.Simulators;

/// <summary>
/// The simulated Payment service's rules: a charge above 10,000.00 is declined, any other succeeds
/// with transaction id "txn-{requestId}"; every refund succeeds with refund id "rfd-{requestId}".
/// </summary>
public static class PaymentRules
{
    public const decimal Limit = 10_000.00m;

    public static PaymentResponseEvent Charge(PaymentRequestEvent request) => request.Amount > Limit
        ? new PaymentResponseEvent
        {
            RequestId = request.RequestId,
            Success = false,
            Reason = string.Create(CultureInfo.InvariantCulture, $"Amount {request.Amount:0.00} {request.Currency} exceeds the limit of {Limit:0.00}"),
        }
        : new PaymentResponseEvent { RequestId = request.RequestId, Success = true, TransactionId = $"txn-{request.RequestId}" };

    public static RefundResponseEvent Refund(RefundRequestEvent request) =>
        new() { RequestId = request.RequestId, Success = true, RefundId = $"rfd-{request.RequestId}" };
}
