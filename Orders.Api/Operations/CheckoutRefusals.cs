using System.Diagnostics.Metrics;
using Orders.StateMachine.Metrics;

namespace Orders.Api.Operations;

/// <summary>The <c>ordersaga.checkouts.refused</c> counter: new checkouts refused with 503, by reason.</summary>
public sealed class CheckoutRefusals(IMeterFactory meters)
{
    private readonly Counter<long> _refused = meters.Create(OrderMetrics.MeterName).CreateCounter<long>("ordersaga.checkouts.refused", "{checkout}",
        "New checkouts refused with 503 because the saga is behind or too many are arriving at once, by reason: " +
        "outbox_backlog, consumer_lag, too_many_checkouts");

    public void Add(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
