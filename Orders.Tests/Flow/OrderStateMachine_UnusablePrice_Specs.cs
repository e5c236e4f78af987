using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

/// <summary>
/// A Product answer that decodes but cannot become an order (a price or line total too large to store, a product
/// priced twice) ends the checkout Rejected INVALID_PRICING at once: it is not poison, and nothing waits for a timeout.
/// </summary>
[TestFixture]
public class When_product_answers_with_an_unusable_price
{
    private static readonly ProductResponseItem Widget = new() { ProductId = 1, Name = "Widget", UnitPrice = 1.99m, Available = true };

    [Test]
    public async Task Should_end_in_rejected_when_a_unit_price_cannot_be_stored()
    {
        await using var flow = await Priced("price-too-large", Widget, Gadget(1e17m));

        await AssertInvalidPricing(flow, "price-too-large");
    }

    [Test]
    public async Task Should_end_in_rejected_when_a_line_total_cannot_be_stored()
    {
        // 6e15 is a storable price, but two of them are not a storable line total.
        await using var flow = await Priced("line-too-large", Widget with { UnitPrice = 6e15m }, Gadget(2.99m));

        await AssertInvalidPricing(flow, "line-too-large");
    }

    [Test]
    public async Task Should_end_in_rejected_when_a_line_total_overflows()
    {
        await using var flow = await Priced("line-overflow", Widget with { UnitPrice = 7e28m }, Gadget(2.99m));

        await AssertInvalidPricing(flow, "line-overflow");
        Assert.That(await flow.AnyFaultPublished<ProductResponseEvent>(), Is.False, "not poison");
    }

    [Test]
    public async Task Should_end_in_rejected_when_the_total_cannot_be_stored()
    {
        await using var flow = await Priced("total-too-large", Widget with { UnitPrice = 4e15m }, Gadget(4e15m));

        await AssertInvalidPricing(flow, "total-too-large");
    }

    [Test]
    public async Task Should_end_in_rejected_when_a_product_is_priced_twice()
    {
        await using var flow = await Priced("priced-twice", Widget, Gadget(2.99m), Gadget(0.01m));

        await AssertInvalidPricing(flow, "priced-twice");
    }

    private static ProductResponseItem Gadget(decimal price) => new() { ProductId = 2, Name = "Gadget", UnitPrice = price, Available = true };

    /// <summary>The default checkout (2 x product 1, 1 x product 2), answered with these items.</summary>
    private static async Task<FlowHarness> Priced(string requestId, params ProductResponseItem[] items)
    {
        var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout(requestId));
        await flow.PlayExpectingFaultAsync(new ProductResponseEvent { RequestId = requestId, Currency = "USD", Items = items });
        return flow;
    }

    private static async Task AssertInvalidPricing(FlowHarness flow, string requestId)
    {
        var saga = await flow.Reached(requestId, m => m.Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.InvalidPricing));
            Assert.That(saga.OrderId, Is.Null, "a rejected checkout never becomes an order");
            Assert.That(saga.DeadlineAt, Is.Null, "nothing waits for a timeout");
            Assert.That(flow.Published<PaymentRequestEvent>(), Is.Empty);
            Assert.That(flow.Lifecycle(requestId), Is.Empty);
        });
    }
}
