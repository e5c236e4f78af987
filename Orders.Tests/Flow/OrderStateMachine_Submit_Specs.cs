using Orders.Contracts;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

[TestFixture]
public class When_a_checkout_is_submitted_again
{
    [Test]
    public async Task Should_accept_the_same_body_again_without_a_second_product_request()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("resubmit-1"));

        var again = await flow.SubmitAsync(FlowHarness.Checkout("resubmit-1"));

        Assert.Multiple(() =>
        {
            Assert.That(again.Message, Is.InstanceOf<CheckoutAccepted>().With.Property(nameof(CheckoutAccepted.RequestId)).EqualTo("resubmit-1"));
            Assert.That(flow.Published<ProductRequestEvent>(), Has.Count.EqualTo(1));
            Assert.That(flow.Find("resubmit-1")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Pricing)));
        });
    }

    [Test]
    public async Task Should_accept_the_same_body_again_after_payment_without_restarting()
    {
        await using var flow = await FlowHarness.StartAsync();
        var order = await flow.StartPaidAsync("resubmit-2");
        var orderId = order.OrderId;

        var again = await flow.SubmitAsync(FlowHarness.Checkout("resubmit-2"));

        Assert.Multiple(() =>
        {
            Assert.That(again.Message, Is.InstanceOf<CheckoutAccepted>());
            Assert.That(flow.Find("resubmit-2")!.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Paid)));
            Assert.That(flow.Find("resubmit-2")!.OrderId, Is.EqualTo(orderId));
            Assert.That(flow.Published<ProductRequestEvent>(), Has.Count.EqualTo(1));
            Assert.That(flow.Published<PaymentRequestEvent>(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_answer_conflict_for_another_body()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("resubmit-3", 101, (1, 2)));

        var other = await flow.SubmitAsync(FlowHarness.Checkout("resubmit-3", 101, (1, 3)));

        Assert.That(other.Message, Is.InstanceOf<CheckoutConflict>());
        Assert.Multiple(() =>
        {
            Assert.That(((CheckoutConflict)other.Message).RequestId, Is.EqualTo("resubmit-3"));
            Assert.That(((CheckoutConflict)other.Message).Reason, Is.EqualTo("This requestId was already used for a different checkout"));
            Assert.That(flow.Find("resubmit-3")!.Lines.Single().Quantity, Is.EqualTo(2), "the first checkout is kept as it was");
            Assert.That(flow.Published<ProductRequestEvent>(), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_answer_conflict_for_the_same_items_from_another_user()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.SubmitAsync(FlowHarness.Checkout("resubmit-4", 101));

        var other = await flow.SubmitAsync(FlowHarness.Checkout("resubmit-4", 202));

        Assert.Multiple(() =>
        {
            Assert.That(other.Message, Is.InstanceOf<CheckoutConflict>());
            Assert.That(flow.Find("resubmit-4")!.UserId, Is.EqualTo(101));
        });
    }

    [Test]
    public async Task Should_accept_every_concurrent_identical_submit_with_one_saga()
    {
        await using var flow = await FlowHarness.StartAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => flow.SubmitAsync(FlowHarness.Checkout("resubmit-5"))));

        Assert.Multiple(() =>
        {
            Assert.That(replies.Select(r => r.Message), Is.All.InstanceOf<CheckoutAccepted>());
            Assert.That(flow.SagasCreated("resubmit-5"), Is.EqualTo(1));
            Assert.That(flow.Published<ProductRequestEvent>(), Has.Count.EqualTo(1));
        });
    }
}

[TestFixture]
public class When_several_checkouts_are_priced
{
    [Test]
    public async Task Should_give_each_order_its_own_id()
    {
        await using var flow = await FlowHarness.StartAsync();
        var ids = new List<long?>();
        foreach (var requestId in new[] { "ids-1", "ids-2", "ids-3" })
            ids.Add((await flow.StartAwaitingPaymentAsync(requestId)).OrderId);

        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.All.Not.Null);
            Assert.That(ids, Is.Unique);
            Assert.That(flow.Published<PaymentRequestEvent>().Select(p => p.OrderId), Is.EquivalentTo(ids));
        });
    }

    [Test]
    public async Task Should_keep_checkouts_of_the_same_user_apart()
    {
        await using var flow = await FlowHarness.StartAsync();
        await flow.StartAwaitingPaymentAsync("apart-1");
        await flow.StartAwaitingPaymentAsync("apart-2");

        await flow.PayAsync("apart-1");
        await flow.DeclineAsync("apart-2", "Card expired");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await flow.InState("apart-1", m => m.Paid), Is.Not.Null);
            Assert.That(await flow.InState("apart-2", m => m.PaymentFailed), Is.Not.Null);
        });
    }
}
