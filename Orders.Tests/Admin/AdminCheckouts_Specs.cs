using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

[TestFixture]
public class When_an_admin_lists_checkouts
{
    private static readonly string[] PageFields = ["page", "pageSize", "total", "items"];
    private static readonly string[] CheckoutFields =
        ["requestId", "userId", "state", "reasonCode", "reason", "orderId", "totalAmount", "currency", "createdAt", "updatedAt", "deadlineAt"];

    private ApiCaller _user = null!;
    private string[] _oldestFirst = null!;

    [OneTimeSetUp]
    public async Task A_user_has_two_paid_checkouts_and_a_rejected_one()
    {
        _user = AdminSetup.Host.NewUser();
        _oldestFirst = [ApiIds.NewRequestId("first"), ApiIds.NewRequestId("second"), ApiIds.NewRequestId("rejected")];
        await _user.CheckoutToEndAsync(_oldestFirst[0], (1, 1));
        await _user.CheckoutToEndAsync(_oldestFirst[1], (2, 2));
        await _user.CheckoutToEndAsync(_oldestFirst[2], (404, 1));
    }

    [Test]
    public async Task Should_list_the_users_checkouts_newest_first()
    {
        var response = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var items = response.Json.Items("items");
        Assert.Multiple(() =>
        {
            Assert.That(response.Json.PropertyNames(), Is.EqualTo(PageFields));
            Assert.That(response.Json.Number("total"), Is.EqualTo(3));
            Assert.That(response.Json.Number("pageSize"), Is.EqualTo(20));
            Assert.That(RequestIds(items), Is.EqualTo(_oldestFirst.Reverse()));
            Assert.That(items[0].PropertyNames(), Is.EqualTo(CheckoutFields));
            Assert.That(items.Select(i => i.Text("state")), Is.EqualTo(ApiJson.Names("Rejected", "Paid", "Paid")));
            Assert.That(items[0].Text("reasonCode"), Is.EqualTo("OUT_OF_STOCK"));
            Assert.That(items[1].Amount("totalAmount"), Is.EqualTo(5.98m));
            Assert.That(items.Select(i => i.Number("userId")), Is.All.EqualTo(_user.UserId));
        });
    }

    [Test]
    public async Task Should_filter_by_state_ignoring_its_case()
    {
        var paid = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&state=paid");
        var rejected = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&state=Rejected");

        Assert.Multiple(() =>
        {
            Assert.That(RequestIds(paid.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[1], _oldestFirst[0] }), paid.ToString);
            Assert.That(RequestIds(rejected.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[2] }), rejected.ToString);
        });
    }

    [Test]
    public async Task Should_filter_by_creation_and_change_time_inclusively()
    {
        var all = (await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}")).Json.Items("items");
        var secondCreated = all[1].Text("createdAt")!;
        var secondUpdated = all[1].Text("updatedAt")!;

        var createdFrom = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&createdFrom={Uri.EscapeDataString(secondCreated)}");
        var createdTo = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&createdTo={Uri.EscapeDataString(secondCreated)}");
        var updatedBetween = await AdminSetup.Admin().GetAsync(
            $"/admin/checkouts?userId={_user.UserId}&updatedFrom={Uri.EscapeDataString(secondUpdated)}&updatedTo={Uri.EscapeDataString(secondUpdated)}");
        var future = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&createdFrom=2999-01-01T00:00:00Z");

        Assert.Multiple(() =>
        {
            Assert.That(RequestIds(createdFrom.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[2], _oldestFirst[1] }), createdFrom.ToString);
            Assert.That(RequestIds(createdTo.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[1], _oldestFirst[0] }), createdTo.ToString);
            Assert.That(RequestIds(updatedBetween.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[1] }), updatedBetween.ToString);
            Assert.That(future.Json.Number("total"), Is.Zero);
        });
    }

    [Test]
    public async Task Should_page_them()
    {
        var first = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&page=1&pageSize=2");
        var second = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&page=2&pageSize=2");
        var beyond = await AdminSetup.Admin().GetAsync($"/admin/checkouts?userId={_user.UserId}&page=3&pageSize=2");

        Assert.Multiple(() =>
        {
            Assert.That(RequestIds(first.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[2], _oldestFirst[1] }));
            Assert.That(RequestIds(second.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[0] }));
            Assert.That(beyond.Json.Items("items"), Is.Empty);
            Assert.That(second.Json.Number("page"), Is.EqualTo(2));
            Assert.That(new[] { first, second, beyond }.Select(r => r.Json.Number("total")), Is.All.EqualTo(3));
        });
    }

    [Test]
    public async Task Should_list_the_orders_table_by_user_and_status()
    {
        var orders = await AdminSetup.Admin().GetAsync($"/admin/orders?userId={_user.UserId}");
        var paid = await AdminSetup.Admin().GetAsync($"/admin/orders?userId={_user.UserId}&status=paid&pageSize=1");

        Assert.Multiple(() =>
        {
            // The rejected checkout was never priced, so it has no order.
            Assert.That(RequestIds(orders.Json.Items("items")), Is.EqualTo(new[] { _oldestFirst[1], _oldestFirst[0] }), orders.ToString);
            Assert.That(orders.Json.Items("items")[0].Text("status"), Is.EqualTo("paid"));
            Assert.That(orders.Json.Items("items")[0].Number("orderId"), Is.Positive);
            Assert.That(paid.Json.Number("total"), Is.EqualTo(2));
            Assert.That(paid.Json.Items("items"), Has.Count.EqualTo(1));
        });
    }

    [TestCase("/admin/checkouts?state=Bogus", "state")]
    [TestCase("/admin/checkouts?userId=-4", "userId")]
    [TestCase("/admin/checkouts?createdFrom=yesterday", "createdFrom")]
    [TestCase("/admin/checkouts?updatedFrom=2026-02-01T00:00:00Z&updatedTo=2026-01-01T00:00:00Z", "updatedFrom")]
    [TestCase("/admin/checkouts?pageSize=101", "pageSize")]
    [TestCase("/admin/checkouts?page=0", "page")]
    [TestCase("/admin/orders?status=Paid-ish", "status")]
    [TestCase("/admin/stuck?olderThanMinutes=soon", "olderThanMinutes")]
    [TestCase("/admin/dead-letters?replayed=maybe", "replayed")]
    [TestCase("/admin/dead-letters?requestId=has%20space", "requestId")]
    [TestCase("/admin/checkouts/has%20space", "requestId")]
    public async Task Should_refuse_a_malformed_parameter_naming_it(string path, string field)
    {
        var response = await AdminSetup.Admin().GetAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response.ErrorKeys, Is.EqualTo(new[] { field }));
        });
    }

    private static IEnumerable<string?> RequestIds(IEnumerable<JsonElement> items) => items.Select(i => i.Text("requestId"));
}

[TestFixture]
public class When_an_admin_opens_one_checkout
{
    [Test]
    public async Task Should_show_its_timeline_its_messages_and_its_dead_letters()
    {
        var user = AdminSetup.Host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await user.CheckoutToEndAsync(requestId, (7, 3));

        var response = await AdminSetup.Admin().GetAsync($"/admin/checkouts/{requestId}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var json = response.Json;
        var messages = json.Items("messages");
        Assert.Multiple(() =>
        {
            Assert.That(json.PropertyNames(), Is.EqualTo(ApiJson.Names("checkout", "items", "timeline", "messages", "deadLetters")));
            Assert.That(json.GetProperty("checkout").Text("state"), Is.EqualTo("Paid"));
            Assert.That(json.GetProperty("checkout").Amount("totalAmount"), Is.EqualTo(23.97m));
            Assert.That(json.Items("timeline").Select(t => t.Text("state")), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid")));
            Assert.That(json.Items("timeline").Select(t => t.Number("id")), Is.Ordered.Ascending);
            Assert.That(json.Items("items").Single().Text("name"), Is.EqualTo("Product 7"));
            Assert.That(messages, Is.Not.Empty);
            Assert.That(messages.Select(m => m.Number("id")), Is.Ordered.Ascending);
            Assert.That(messages.Select(m => m.GetProperty("body").ValueKind), Is.All.EqualTo(JsonValueKind.Object));
            Assert.That(messages.Select(m => m.GetProperty("body").TryGetProperty("requestId", out _) || m.GetProperty("body").TryGetProperty("data", out _)), Is.All.True);
            Assert.That(messages.Select(m => m.Text("messageType")), Is.All.Not.Empty);
            Assert.That(json.Items("deadLetters"), Is.Empty);
        });
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_one()
    {
        var response = await AdminSetup.Admin().GetAsync($"/admin/checkouts/{ApiIds.NewRequestId()}");

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
        });
    }
}

[TestFixture]
public class When_an_admin_counts_checkouts_per_state
{
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_of_its_own() => _host = await ApiHost.StartAsync(AdminSetup.WithKey());

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_count_every_state_and_the_total()
    {
        var user = _host.NewUser();
        await user.CheckoutToEndAsync(ApiIds.NewRequestId(), (1, 1));
        await user.CheckoutToEndAsync(ApiIds.NewRequestId(), (2, 1));
        await user.CheckoutToEndAsync(ApiIds.NewRequestId(), (404, 1));
        await user.CheckoutToEndAsync(ApiIds.NewRequestId(), (999, 11));

        var response = await AdminCaller.Of(_host, AdminSetup.Key).GetAsync("/admin/states");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var counts = response.Json.Items("states").ToDictionary(s => s.Text("state")!, s => s.Number("count"));
        Assert.Multiple(() =>
        {
            Assert.That(response.Json.Number("total"), Is.EqualTo(4));
            Assert.That(counts.Keys, Is.EqualTo(ApiJson.Names(
                "Pricing", "AwaitingPayment", "Paid", "Shipped", "Rejected", "PaymentFailed", "TimedOut", "Refunding", "Cancelled", "RefundFailed")));
            Assert.That(counts["Paid"], Is.EqualTo(2));
            Assert.That(counts["Rejected"], Is.EqualTo(1));
            Assert.That(counts["PaymentFailed"], Is.EqualTo(1));
            Assert.That(counts.Where(c => c.Key is not ("Paid" or "Rejected" or "PaymentFailed")).Select(c => c.Value), Is.All.Zero);
        });
    }
}

[TestFixture]
public class When_checkouts_wait_too_long
{
    private ApiHost _withoutSimulators = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_where_nobody_answers() =>
        _withoutSimulators = await ApiHost.StartAsync(AdminSetup.WithKey(new Dictionary<string, string?> { ["Kafka:Simulators:Enabled"] = "false" }));

    [OneTimeTearDown]
    public ValueTask Stop_it() => _withoutSimulators.DisposeAsync();

    [Test]
    public async Task Should_list_those_waiting_longer_than_the_threshold_longest_first()
    {
        var user = _withoutSimulators.NewUser();
        var (recent, tenMinutes, twentyMinutes) = (ApiIds.NewRequestId("recent"), ApiIds.NewRequestId("ten"), ApiIds.NewRequestId("twenty"));
        foreach (var requestId in new[] { recent, tenMinutes, twentyMinutes })
            await user.CheckoutAsync(requestId, (1, 1));
        await WaitedAsync(tenMinutes, TimeSpan.FromMinutes(10));
        await WaitedAsync(twentyMinutes, TimeSpan.FromMinutes(20));
        var admin = AdminCaller.Of(_withoutSimulators, AdminSetup.Key);

        var byDefault = await admin.GetAsync("/admin/stuck");
        var overFifteen = await admin.GetAsync("/admin/stuck?olderThanMinutes=15");
        var all = await admin.GetAsync("/admin/stuck?olderThanMinutes=0");

        Assert.Multiple(() =>
        {
            Assert.That(RequestIds(byDefault), Is.EqualTo(new[] { twentyMinutes, tenMinutes }), byDefault.ToString);
            Assert.That(byDefault.Json.Items("items").Select(i => i.Text("state")), Is.All.EqualTo("Pricing"));
            Assert.That(RequestIds(overFifteen), Is.EqualTo(new[] { twentyMinutes }));
            Assert.That(RequestIds(all), Is.EqualTo(new[] { twentyMinutes, tenMinutes, recent }));
        });
    }

    [Test]
    public async Task Should_not_list_a_finished_one_however_old()
    {
        var user = _withoutSimulators.NewUser();
        var requestId = ApiIds.NewRequestId("cancelled");
        await user.CheckoutAsync(requestId, (1, 1));
        await user.CancelAsync(requestId);
        await WaitedAsync(requestId, TimeSpan.FromHours(1));

        var stuck = await AdminCaller.Of(_withoutSimulators, AdminSetup.Key).GetAsync("/admin/stuck?olderThanMinutes=0&pageSize=100");

        Assert.That(RequestIds(stuck), Does.Not.Contain(requestId), stuck.ToString);
    }

    /// <summary>Makes the checkout look as if its last change was that long ago.</summary>
    private async Task WaitedAsync(string requestId, TimeSpan age)
    {
        await using var db = _withoutSimulators.CreateDbContext();
        var changed = await db.Checkouts.Where(s => s.RequestId == requestId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UpdatedAt, s => s.UpdatedAt - age));
        Assert.That(changed, Is.EqualTo(1));
    }

    private static IEnumerable<string?> RequestIds(ApiResponse response) => response.Json.Items("items").Select(i => i.Text("requestId"));
}
