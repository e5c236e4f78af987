using Orders.Contracts.Topics;
using Orders.Tests.Kafka;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>
/// Checkouts of one user that end every way the simulators allow: paid, shipped, cancelled after payment (refunded),
/// rejected for an unavailable and for an unknown product, and declined by Payment (a total above its limit).
/// </summary>
public sealed record MixedCheckouts(string Paid, string Shipped, string CancelledAfterPayment, string OutOfStock, string UnknownProduct, string Declined)
{
    public const int Count = 6;

    /// <summary>Makes them through the API and waits for each end; <paramref name="bootstrapServers"/> is the service's Kafka, where the shipment goes.</summary>
    public static async Task<MixedCheckouts> MakeAsync(ApiCaller user, string bootstrapServers, string prefix)
    {
        ArgumentNullException.ThrowIfNull(user);
        var made = new MixedCheckouts(
            ApiIds.NewRequestId($"{prefix}-paid"), ApiIds.NewRequestId($"{prefix}-shipped"), ApiIds.NewRequestId($"{prefix}-cancelled"),
            ApiIds.NewRequestId($"{prefix}-stock"), ApiIds.NewRequestId($"{prefix}-unknown"), ApiIds.NewRequestId($"{prefix}-declined"));

        await user.CheckoutToEndAsync(made.Paid, (1, 1));
        await user.CheckoutToEndAsync(made.Shipped, (2, 1));
        await user.CheckoutToEndAsync(made.CancelledAfterPayment, (3, 1));
        await user.CheckoutToEndAsync(made.OutOfStock, (404, 1));
        await user.CheckoutToEndAsync(made.UnknownProduct, (5000, 1));
        await user.CheckoutToEndAsync(made.Declined, (999, 11));

        using (var producer = KafkaRecords.Producer(bootstrapServers))
            await producer.ProduceAsync(TopicNames.Shipments, made.Shipped, DocsExamples.For(DocsExamples.ShipmentStarted, made.Shipped), MessageTypes.ShipmentStarted);
        await user.CancelAsync(made.CancelledAfterPayment);
        await user.WaitForStateAsync(made.Shipped, "Shipped");
        await user.WaitForStateAsync(made.CancelledAfterPayment, "Cancelled");
        return made;
    }
}
