using Orders.Contracts;

namespace Orders.Tests.Flow;

[TestFixture]
public class When_a_checkout_is_priced_and_paid
{
    [Test]
    public async Task Should_end_in_paid_with_totals_and_lifecycle_events()
    {
        await using var flow = await FlowHarness.StartAsync(withSimulators: true);

        var reply = await flow.SubmitAsync(FlowHarness.Checkout("happy-1"));

        Assert.That(reply.Message, Is.InstanceOf<CheckoutAccepted>());
        Assert.That(await flow.InState("happy-1", m => m.Paid), Is.Not.Null);
        var saga = flow.Find("happy-1")!;
        Assert.Multiple(() =>
        {
            Assert.That(saga.OrderId, Is.EqualTo(1));
            Assert.That(saga.TotalAmount, Is.EqualTo(2 * 1.99m + 2.99m));
            Assert.That(saga.Currency, Is.EqualTo("USD"));
            Assert.That(saga.DeadlineAt, Is.Null);
        });
        Assert.That(await flow.Harness.Published.Any<OrderLifecycleEvent>(x => x.Context.Message.Type == OrderEventTypes.Paid), Is.True);
    }
}
