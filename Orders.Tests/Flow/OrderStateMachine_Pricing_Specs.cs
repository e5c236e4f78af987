using Orders.Contracts;
using Orders.Simulators;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

[TestFixture]
public class When_a_checkout_is_submitted
{
    [Test]
    public async Task Should_enter_pricing_and_ask_product_for_the_items()
    {
        await using var flow = await FlowHarness.StartAsync();

        var reply = await flow.SubmitAsync(FlowHarness.Checkout("submit-1", 101, (1, 2), (2, 1)));

        Assert.That(reply.Message, Is.InstanceOf<CheckoutAccepted>().With.Property(nameof(CheckoutAccepted.RequestId)).EqualTo("submit-1"));
        var saga = await flow.Reached("submit-1", m => m.Pricing);
        var request = flow.Published<ProductRequestEvent>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.RequestId, Is.EqualTo("submit-1"));
            Assert.That(request.UserId, Is.EqualTo(101));
            Assert.That(request.Email, Is.EqualTo("user101@example.com"));
            Assert.That(request.Items.Select(i => (i.ProductId, i.Quantity)), Is.EqualTo(new[] { (1, 2), (2, 1) }));
            Assert.That(saga.DeadlineAt, Is.EqualTo(flow.Clock.GetUtcNow() + FlowHarness.PricingTimeout));
            Assert.That(saga.DeadlineToken, Is.Not.Null);
            Assert.That(saga.OrderId, Is.Null);
        });
    }
}

[TestFixture]
public class When_product_prices_every_item
{
    [Test]
    public async Task Should_record_the_order_and_move_to_awaiting_payment()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("priced-1", 101, (1, 2), (2, 1)));
        var pricingToken = flow.Find("priced-1")!.DeadlineToken;

        await flow.PriceAsync("priced-1", "USD",
            new ProductResponseItem { ProductId = 1, Name = "Widget", UnitPrice = 1.99m, Available = true },
            new ProductResponseItem { ProductId = 2, Name = "Gadget", UnitPrice = 2.99m, Available = true });

        var saga = await flow.Reached("priced-1", m => m.AwaitingPayment);
        Assert.Multiple(() =>
        {
            Assert.That(saga.OrderId, Is.EqualTo(1));
            Assert.That(saga.Currency, Is.EqualTo("USD"));
            Assert.That(saga.TotalAmount, Is.EqualTo(6.97m));
            Assert.That(saga.Lines.Select(l => (l.ProductId, l.Name, l.UnitPrice, l.LineTotal)),
                Is.EqualTo(new[] { (1, (string?)"Widget", (decimal?)1.99m, (decimal?)3.98m), (2, "Gadget", 2.99m, 2.99m) }));
            Assert.That(saga.ReasonCode, Is.Null);
            Assert.That(saga.DeadlineAt, Is.EqualTo(flow.Clock.GetUtcNow() + FlowHarness.PaymentTimeout), "the payment deadline replaces the pricing one");
            Assert.That(saga.DeadlineToken, Is.Not.Null.And.Not.EqualTo(pricingToken));
        });
    }

    [Test]
    public async Task Should_publish_order_created_with_the_envelope_consumers_read()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("priced-2", 101, (1, 2), (2, 1)));

        await flow.PriceAsync("priced-2");

        var created = await flow.LifecycleEvent("priced-2", OrderEventTypes.Created);
        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Does.Match("^[0-9]+$"));
            Assert.That(created.Version, Is.EqualTo("1.0"));
            Assert.That(created.Timestamp, Is.EqualTo(flow.Clock.GetUtcNow()));
            Assert.That(created.Data.OrderId, Is.EqualTo(1));
            Assert.That(created.Data.UserId, Is.EqualTo(101));
            Assert.That(created.Data.TotalAmount, Is.EqualTo("6.97"));
            Assert.That(created.Data.Currency, Is.EqualTo("USD"));
            Assert.That(created.Data.Status, Is.EqualTo("pending"));
            Assert.That(created.Data.Reason, Is.Null);
            Assert.That(created.Data.Items.Select(i => (i.ProductId, i.Quantity, i.Price)), Is.EqualTo(new[] { (1, 2, 1.99m), (2, 1, 2.99m) }));
        });
    }

    [Test]
    public async Task Should_ask_payment_to_charge_the_total()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("priced-3", 101, (1, 2), (2, 1)));

        await flow.PriceAsync("priced-3");

        var payment = flow.Published<PaymentRequestEvent>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(payment.RequestId, Is.EqualTo("priced-3"));
            Assert.That(payment.OrderId, Is.EqualTo(flow.Find("priced-3")!.OrderId));
            Assert.That(payment.UserId, Is.EqualTo(101));
            Assert.That(payment.Amount, Is.EqualTo(6.97m));
            Assert.That(payment.Currency, Is.EqualTo("USD"));
        });
    }

    [Test]
    public async Task Should_round_each_line_total_to_cents_and_sum_them()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("priced-4", 101, (7, 3), (8, 2)));

        await flow.PriceAsync("priced-4", "EUR",
            new ProductResponseItem { ProductId = 7, Name = "Screw", UnitPrice = 0.335m, Available = true },
            new ProductResponseItem { ProductId = 8, Name = "Nut", UnitPrice = 4.99m, Available = true });

        var saga = await flow.Reached("priced-4", m => m.AwaitingPayment);
        Assert.Multiple(() =>
        {
            Assert.That(saga.Lines.Select(l => l.LineTotal), Is.EqualTo(new decimal?[] { 1.01m, 9.98m }), "1.005 rounds away from zero");
            Assert.That(saga.TotalAmount, Is.EqualTo(10.99m));
            Assert.That(flow.Published<PaymentRequestEvent>().Single().Amount, Is.EqualTo(10.99m));
            Assert.That(flow.Published<PaymentRequestEvent>().Single().Currency, Is.EqualTo("EUR"));
        });
        Assert.That((await flow.LifecycleEvent("priced-4", OrderEventTypes.Created)).Data.TotalAmount, Is.EqualTo("10.99"));
    }
}

[TestFixture]
public class When_product_cannot_sell_the_items
{
    private static readonly ProductResponseItem Widget = new() { ProductId = 1, Name = "Widget", UnitPrice = 1.99m, Available = true };

    [Test]
    public async Task Should_end_in_rejected_when_an_item_is_out_of_stock()
    {
        await using var flow = await Rejection("reject-stock", "USD",
            Widget, new ProductResponseItem { ProductId = 2, Name = "Gadget", UnitPrice = 2.99m, Available = false });

        await AssertRejected(flow, "reject-stock", ReasonCodes.OutOfStock, "Product 2 (Gadget) is not available");
    }

    [Test]
    public async Task Should_end_in_rejected_when_a_product_is_unknown()
    {
        await using var flow = await Rejection("reject-unknown", "USD",
            Widget, new ProductResponseItem { ProductId = 2, Name = null, Available = false });

        await AssertRejected(flow, "reject-unknown", ReasonCodes.UnknownProduct, "Product 2 does not exist");
    }

    [Test]
    public async Task Should_end_in_rejected_when_the_answer_leaves_a_product_out()
    {
        await using var flow = await Rejection("reject-missing", "USD", Widget);

        await AssertRejected(flow, "reject-missing", ReasonCodes.InvalidPricing, "Product service did not price product 2");
    }

    [TestCase(0)]
    [TestCase(-1.5)]
    public async Task Should_end_in_rejected_when_a_price_is_not_positive(decimal price)
    {
        await using var flow = await Rejection("reject-price", "USD",
            Widget, new ProductResponseItem { ProductId = 2, Name = "Gadget", UnitPrice = price, Available = true });

        await AssertRejected(flow, "reject-price", ReasonCodes.InvalidPricing, "Product 2 has no valid price");
    }

    [Test]
    public async Task Should_end_in_rejected_when_a_price_is_missing()
    {
        await using var flow = await Rejection("reject-noprice", "USD",
            Widget, new ProductResponseItem { ProductId = 2, Name = "Gadget", UnitPrice = null, Available = true });

        await AssertRejected(flow, "reject-noprice", ReasonCodes.InvalidPricing, "Product 2 has no valid price");
    }

    [TestCase("usd")]
    [TestCase("US")]
    [TestCase("")]
    public async Task Should_end_in_rejected_when_the_currency_is_invalid(string currency)
    {
        await using var flow = await Rejection("reject-currency", currency,
            Widget, new ProductResponseItem { ProductId = 2, Name = "Gadget", UnitPrice = 2.99m, Available = true });

        await AssertRejected(flow, "reject-currency", ReasonCodes.InvalidPricing, $"Product service answered with an invalid currency '{currency}'");
    }

    [Test]
    public async Task Should_end_in_rejected_through_the_simulated_product_service()
    {
        await using var flow = await FlowHarness.StartAsync(withSimulators: true);

        await flow.SubmitAsync(FlowHarness.Checkout("reject-sim", 101, (1, 1), (ProductCatalog.UnavailableProductId, 1)));

        var saga = await flow.Reached("reject-sim", m => m.Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(saga.ReasonCode, Is.EqualTo(ReasonCodes.OutOfStock));
            Assert.That(saga.Reason, Is.EqualTo("Product 404 (Product 404) is not available"));
        });
    }

    private static async Task<FlowHarness> Rejection(string requestId, string currency, params ProductResponseItem[] items)
    {
        var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout(requestId, 101, (1, 2), (2, 1)));
        await flow.PriceAsync(requestId, currency, items);
        return flow;
    }

    private static async Task AssertRejected(FlowHarness flow, string requestId, string code, string reason)
    {
        var saga = await flow.Reached(requestId, m => m.Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(saga.ReasonCode, Is.EqualTo(code));
            Assert.That(saga.Reason, Is.EqualTo(reason));
            Assert.That(saga.OrderId, Is.Null, "a rejected checkout never becomes an order");
            Assert.That(saga.TotalAmount, Is.Null);
            Assert.That(saga.DeadlineAt, Is.Null);
            Assert.That(saga.DeadlineToken, Is.Null);
            Assert.That(flow.Published<PaymentRequestEvent>(), Is.Empty);
            Assert.That(flow.Lifecycle(requestId), Is.Empty);
        });
    }
}
