using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_a_paid_checkout_is_cancelled
{
    private static readonly string[] CancellationFields = ["requestId", "state"];

    [Test]
    public async Task Should_accept_and_end_cancelled_once_the_refund_is_confirmed()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (1, 1));

        var response = await caller.CancelAsync(requestId);
        var checkout = await caller.WaitForStateAsync(requestId, "Cancelled", "RefundFailed");

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.ToString);
            Assert.That(response.Location, Is.EqualTo($"/orders/checkout/{requestId}"));
            Assert.That(response.Json.PropertyNames(), Is.EqualTo(CancellationFields));
            Assert.That(response["requestId"], Is.EqualTo(requestId));
            Assert.That(response["state"], Is.EqualTo("Refunding"));
            Assert.That(checkout.Text("state"), Is.EqualTo("Cancelled"));
            Assert.That(checkout.Text("reasonCode"), Is.EqualTo("CANCELLED_BY_USER"));
            Assert.That(checkout.Timeline(), Is.EqualTo(ApiJson.Names(
                "Pricing", "AwaitingPayment", "Paid", "Refunding CANCELLED_BY_USER", "Cancelled CANCELLED_BY_USER")));
        });
    }
}

[TestFixture]
public class When_a_checkout_is_cancelled_while_it_is_priced
{
    private ApiHost _withoutSimulators = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_where_nobody_prices() =>
        _withoutSimulators = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Kafka:Simulators:Enabled"] = "false" });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _withoutSimulators.DisposeAsync();

    [Test]
    public async Task Should_be_cancelled_at_once()
    {
        var caller = _withoutSimulators.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));
        var before = await caller.GetCheckoutAsync(requestId);

        var response = await caller.CancelAsync(requestId);
        var after = await caller.GetCheckoutAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(before["state"], Is.EqualTo("Pricing"), before.ToString);
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.ToString);
            Assert.That(response["state"], Is.EqualTo("Cancelled"));
            Assert.That(after["state"], Is.EqualTo("Cancelled"));
        });
    }
}

[TestFixture]
public class When_a_rejected_checkout_is_cancelled
{
    [Test]
    public async Task Should_answer_409_with_the_reason()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (404, 1));

        var response = await caller.CancelAsync(requestId);
        var after = await caller.GetCheckoutAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response["detail"], Does.Contain("Rejected").And.Contain("can no longer be cancelled"));
            Assert.That(response["state"], Is.EqualTo("Rejected"));
            Assert.That(after["state"], Is.EqualTo("Rejected"));
        });
    }
}

[TestFixture]
public class When_an_unknown_checkout_is_cancelled
{
    [Test]
    public async Task Should_answer_404()
    {
        var response = await ApiHost.Shared.NewUser().CancelAsync(ApiIds.NewRequestId());

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response["status"], Is.EqualTo("404"));
        });
    }
}
