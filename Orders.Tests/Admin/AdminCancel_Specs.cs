using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

[TestFixture]
public class When_an_admin_cancels_a_paid_order
{
    [Test]
    public async Task Should_refund_it_for_its_user_and_audit_who_did_it()
    {
        var user = AdminSetup.Host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await user.CheckoutToEndAsync(requestId, (3, 1));

        var response = await AdminSetup.Admin("ops-alice").PostAsync($"/admin/checkouts/{requestId}/cancel");
        var checkout = await user.WaitForStateAsync(requestId, "Cancelled", "RefundFailed");
        var audit = await AdminAudit.OfAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.ToString);
            Assert.That(response.Location, Is.EqualTo($"/admin/checkouts/{requestId}"));
            Assert.That(response["state"], Is.EqualTo("Refunding"));
            Assert.That(checkout.Text("state"), Is.EqualTo("Cancelled"));
            Assert.That(checkout.Timeline(), Is.EqualTo(ApiJson.Names(
                "Pricing", "AwaitingPayment", "Paid", "Refunding CANCELLED_BY_USER", "Cancelled CANCELLED_BY_USER")));
            Assert.That(audit.Select(AdminAudit.Describe), Is.EqualTo(ApiJson.Names("ops-alice cancel-order accepted: Refunding")));
            Assert.That(DateTimeOffset.Parse(audit[0].Text("at")!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }
}

[TestFixture]
public class When_an_admin_cancels_an_order_still_being_priced
{
    private ApiHost _withoutSimulators = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_where_nobody_prices() =>
        _withoutSimulators = await ApiHost.StartAsync(AdminSetup.WithKey(new Dictionary<string, string?> { ["Kafka:Simulators:Enabled"] = "false" }));

    [OneTimeTearDown]
    public ValueTask Stop_it() => _withoutSimulators.DisposeAsync();

    [Test]
    public async Task Should_cancel_it_at_once_as_admin_by_default()
    {
        var user = _withoutSimulators.NewUser();
        var requestId = ApiIds.NewRequestId();
        await user.CheckoutAsync(requestId, (1, 1));

        var response = await AdminCaller.Of(_withoutSimulators, AdminSetup.Key).PostAsync($"/admin/checkouts/{requestId}/cancel");
        var after = await user.GetCheckoutAsync(requestId);
        var audit = await AdminAudit.OfAsync(requestId, _withoutSimulators);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.ToString);
            Assert.That(response["state"], Is.EqualTo("Cancelled"));
            Assert.That(after["state"], Is.EqualTo("Cancelled"));
            Assert.That(audit.Select(AdminAudit.Describe), Is.EqualTo(ApiJson.Names("admin cancel-order accepted: Cancelled")));
        });
    }
}

[TestFixture]
public class When_an_admin_cannot_cancel
{
    [Test]
    public async Task Should_answer_409_for_a_rejected_checkout_and_audit_the_refusal()
    {
        var user = AdminSetup.Host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await user.CheckoutToEndAsync(requestId, (404, 1));

        var response = await AdminSetup.Admin("ops-bob").PostAsync($"/admin/checkouts/{requestId}/cancel");
        var audit = await AdminAudit.OfAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response["state"], Is.EqualTo("Rejected"));
            Assert.That(audit.Select(AdminAudit.Describe).Single(), Does.StartWith("ops-bob cancel-order refused in Rejected"));
        });
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_checkout_and_audit_it()
    {
        var requestId = ApiIds.NewRequestId();

        var response = await AdminSetup.Admin("ops-bob").PostAsync($"/admin/checkouts/{requestId}/cancel");
        var audit = await AdminAudit.OfAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
            Assert.That(audit.Select(AdminAudit.Describe), Is.EqualTo(ApiJson.Names("ops-bob cancel-order not found")));
        });
    }

    [TestCase("   ")]
    [TestCase("ops\u00e9")]
    public async Task Should_refuse_an_unusable_actor_name(string name)
    {
        var requestId = ApiIds.NewRequestId();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/checkouts/{requestId}/cancel");
        request.Headers.Add(AdminCaller.KeyHeader, AdminSetup.Key);
        request.Headers.TryAddWithoutValidation(AdminCaller.NameHeader, name);

        var response = await AdminSetup.Host.SendAsync(request);
        var audit = await AdminAudit.OfAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(response.ErrorKeys, Is.EqualTo(ApiJson.Names("X-Admin-Name")));
            Assert.That(audit, Is.Empty);
        });
    }
}
