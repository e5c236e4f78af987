using System.Text.RegularExpressions;
using Orders.Contracts;

namespace Orders.Kafka.Serialization;

/// <summary>
/// The values a well-formed message must have to be processed at all; anything else is poison.
/// Business outcomes (an unknown product, a declined charge) are not checked here.
/// </summary>
public static partial class WireRules
{
    public const int MaxRequestIdLength = 64;

    /// <summary>What a requestId may be (the record key too); the AsyncAPI document states the same pattern.</summary>
    public const string RequestIdPattern = "^[A-Za-z0-9_-]{1,64}$";

    /// <summary>A three-letter ISO 4217 code such as USD.</summary>
    public const string CurrencyPattern = "^[A-Z]{3}$";

    public static bool IsValidRequestId(string? requestId) => requestId is not null && RequestIdRegex().IsMatch(requestId);

    public static string? ProblemWith(ProductRequestEvent m) =>
        RequestId(m.RequestId)
        ?? Positive("userId", m.UserId)
        ?? (m.Items.Count == 0 ? "items must not be empty" : null)
        ?? m.Items.Select((item, i) => item.Quantity < 1 ? $"items[{i}].quantity must be at least 1, got {item.Quantity}" : null).FirstOrDefault(p => p is not null);

    public static string? ProblemWith(ProductResponseEvent m) =>
        RequestId(m.RequestId)
        ?? Currency(m.Currency)
        ?? (m.Items.Count == 0 ? "items must not be empty" : null)
        ?? m.Items.Select((item, i) => item.UnitPrice < 0 ? $"items[{i}].unitPrice must not be negative, got {item.UnitPrice}" : null).FirstOrDefault(p => p is not null);

    public static string? ProblemWith(PaymentRequestEvent m) =>
        RequestId(m.RequestId) ?? Positive("orderId", m.OrderId) ?? Positive("userId", m.UserId) ?? Amount(m.Amount) ?? Currency(m.Currency);

    public static string? ProblemWith(RefundRequestEvent m) =>
        RequestId(m.RequestId)
        ?? Positive("orderId", m.OrderId)
        ?? (string.IsNullOrWhiteSpace(m.TransactionId) ? "transactionId must not be empty" : null)
        ?? Amount(m.Amount)
        ?? Currency(m.Currency);

    // The saga refunds a charge by its transaction id, so a success without one could never be undone.
    public static string? ProblemWith(PaymentResponseEvent m) =>
        RequestId(m.RequestId) ?? (m.Success && string.IsNullOrWhiteSpace(m.TransactionId) ? "transactionId is required when success is true" : null);

    public static string? ProblemWith(RefundResponseEvent m) =>
        RequestId(m.RequestId) ?? (m.Success && string.IsNullOrWhiteSpace(m.RefundId) ? "refundId is required when success is true" : null);

    public static string? ProblemWith(ShipmentStartedEvent m) => RequestId(m.RequestId);

    public static string? ProblemWith(OrderLifecycleEvent m) =>
        (string.IsNullOrWhiteSpace(m.Id) ? "id must not be empty" : null)
        ?? (string.IsNullOrWhiteSpace(m.Type) ? "type must not be empty" : null)
        ?? RequestId(m.Data.RequestId, "data.requestid");

    private static string? RequestId(string requestId, string name = "requestId") => IsValidRequestId(requestId)
        ? null
        : $"{name} must be 1..{MaxRequestIdLength} characters of [A-Za-z0-9_-], got '{Shorten(requestId)}'";

    private static string? Positive(string name, long value) => value > 0 ? null : $"{name} must be positive, got {value}";

    private static string? Amount(decimal amount) => amount > 0 ? null : $"amount must be positive, got {amount}";

    private static string? Currency(string currency) =>
        CurrencyRegex().IsMatch(currency) ? null : $"currency must be a three-letter ISO 4217 code such as USD, got '{Shorten(currency)}'";

    // Values come from other services; a log line must not carry a megabyte of one.
    private static string Shorten(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "...");

    [GeneratedRegex(RequestIdPattern)]
    private static partial Regex RequestIdRegex();

    [GeneratedRegex(CurrencyPattern)]
    private static partial Regex CurrencyRegex();
}
