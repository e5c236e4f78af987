using System.Globalization;
using System.Text.Json;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

// End to end through the in-process Product and Payment simulators: products 1..999 cost N + 0.99 USD,
// product 404 is unavailable, other ids are unknown, and a charge above 10,000.00 is declined.

[TestFixture]
public class When_every_product_is_available
{
    private static readonly string[] ExpectedLines = ["1 Product 1: 2 x 1.99 = 3.98", "2 Product 2: 1 x 2.99 = 2.99"];

    [Test]
    public async Task Should_end_paid_with_priced_lines_totals_and_an_order_id()
    {
        var caller = ApiHost.Shared.NewUser();

        var checkout = await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (1, 2), (2, 1));

        var lines = checkout.Items("items");
        Assert.Multiple(() =>
        {
            Assert.That(checkout.Text("state"), Is.EqualTo("Paid"));
            Assert.That(checkout.Amount("totalAmount"), Is.EqualTo(6.97m));
            Assert.That(checkout.Text("currency"), Is.EqualTo("USD"));
            Assert.That(checkout.Number("orderId"), Is.Positive);
            Assert.That(checkout.IsNull("reasonCode"), Is.True);
            Assert.That(checkout.IsNull("reason"), Is.True);
            Assert.That(lines.Select(Describe), Is.EqualTo(ExpectedLines));
        });
    }

    [Test]
    public async Task Should_show_each_state_it_entered_in_its_timeline()
    {
        var caller = ApiHost.Shared.NewUser();

        var checkout = await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (1, 1));

        var times = checkout.Items("timeline").Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(checkout.Timeline(), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid")));
            Assert.That(times, Is.Ordered);
            Assert.That(times[^1], Is.EqualTo(checkout.GetProperty("updatedAt").GetDateTimeOffset()));
        });
    }

    private static string Describe(JsonElement line) => string.Create(CultureInfo.InvariantCulture,
        $"{line.Number("productId")} {line.Text("name")}: {line.Number("quantity")} x {line.Amount("unitPrice")} = {line.Amount("lineTotal")}");
}

[TestFixture]
public class When_a_product_is_unavailable
{
    [Test]
    public async Task Should_end_rejected_with_the_reason()
    {
        var caller = ApiHost.Shared.NewUser();

        var checkout = await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (1, 1), (404, 1));

        Assert.Multiple(() =>
        {
            Assert.That(checkout.Text("state"), Is.EqualTo("Rejected"));
            Assert.That(checkout.Text("reasonCode"), Is.EqualTo("OUT_OF_STOCK"));
            Assert.That(checkout.Text("reason"), Does.Contain("404"));
            Assert.That(checkout.IsNull("orderId"), Is.True);
            Assert.That(checkout.Timeline(), Is.EqualTo(ApiJson.Names("Pricing", "Rejected OUT_OF_STOCK")));
        });
    }
}

[TestFixture]
public class When_a_product_is_unknown
{
    [Test]
    public async Task Should_end_rejected_naming_the_product()
    {
        var caller = ApiHost.Shared.NewUser();

        var checkout = await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (5000, 1));

        Assert.Multiple(() =>
        {
            Assert.That(checkout.Text("state"), Is.EqualTo("Rejected"));
            Assert.That(checkout.Text("reasonCode"), Is.EqualTo("UNKNOWN_PRODUCT"));
            Assert.That(checkout.Text("reason"), Does.Contain("5000"));
        });
    }
}

[TestFixture]
public class When_the_total_exceeds_the_payment_limit
{
    [Test]
    public async Task Should_end_payment_failed_with_the_reason()
    {
        var caller = ApiHost.Shared.NewUser();

        var checkout = await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (999, 11));

        Assert.Multiple(() =>
        {
            Assert.That(checkout.Text("state"), Is.EqualTo("PaymentFailed"));
            Assert.That(checkout.Amount("totalAmount"), Is.EqualTo(10_999.89m));
            Assert.That(checkout.Text("reasonCode"), Is.EqualTo("PAYMENT_DECLINED"));
            Assert.That(checkout.Text("reason"), Does.Contain("10000.00"));
            Assert.That(checkout.Number("orderId"), Is.Positive);
            Assert.That(checkout.Timeline(), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "PaymentFailed PAYMENT_DECLINED")));
        });
    }
}
