using System.Net;
using Microsoft.EntityFrameworkCore;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_a_checkout_is_submitted
{
    private static readonly string[] CheckoutFields =
        ["requestId", "state", "reasonCode", "reason", "orderId", "items", "totalAmount", "currency", "createdAt", "updatedAt", "timeline"];

    private static readonly string[] LineFields = ["productId", "name", "quantity", "unitPrice", "lineTotal"];
    private static readonly string[] TimelineFields = ["state", "reasonCode", "at"];
    private static readonly string[] AcceptedFields = ["requestId"];

    [Test]
    public async Task Should_answer_202_with_the_requestId_and_where_to_poll()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();

        var response = await caller.CheckoutAsync(requestId, (1, 5));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.ToString);
            Assert.That(response.Location, Is.EqualTo($"/orders/checkout/{requestId}"));
            Assert.That(response.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Json.PropertyNames(), Is.EqualTo(AcceptedFields));
            Assert.That(response["requestId"], Is.EqualTo(requestId));
        });
    }

    [Test]
    public async Task Should_find_the_checkout_at_its_location_at_once()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        var accepted = await caller.CheckoutAsync(requestId, (1, 5));

        var response = await caller.SendAsync(HttpMethod.Get, accepted.Location!);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var checkout = response.Json;
        var line = checkout.Items("items").Single();
        var first = checkout.Items("timeline")[0];
        Assert.Multiple(() =>
        {
            Assert.That(checkout.PropertyNames(), Is.EqualTo(CheckoutFields));
            Assert.That(first.PropertyNames(), Is.EqualTo(TimelineFields));
            Assert.That(first.Text("state"), Is.EqualTo("Pricing"));
            Assert.That(first.IsNull("reasonCode"), Is.True);
            Assert.That(first.GetProperty("at").GetDateTimeOffset(), Is.EqualTo(checkout.GetProperty("createdAt").GetDateTimeOffset()).Within(TimeSpan.FromSeconds(1)));
            Assert.That(checkout.Text("requestId"), Is.EqualTo(requestId));
            Assert.That(checkout.Text("state"), Is.AnyOf("Pricing", "AwaitingPayment", "Paid"));
            Assert.That(line.PropertyNames(), Is.EqualTo(LineFields));
            Assert.That(line.Number("productId"), Is.EqualTo(1));
            Assert.That(line.Number("quantity"), Is.EqualTo(5));
            Assert.That(checkout.GetProperty("createdAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(checkout.GetProperty("updatedAt").GetDateTimeOffset(), Is.GreaterThanOrEqualTo(checkout.GetProperty("createdAt").GetDateTimeOffset()));
        });
    }

    [Test]
    public async Task Should_accept_a_requestId_of_64_characters()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ("Aa0_-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))[..64];

        var response = await caller.CheckoutAsync(requestId, (3, 1));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Accepted), response.ToString);
            Assert.That(response["requestId"], Is.EqualTo(requestId));
        });
    }
}

[TestFixture]
public class When_the_same_requestId_is_sent_again
{
    [Test]
    public async Task Should_accept_the_same_body_again_and_keep_one_order()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (1, 2), (2, 1));

        var again = await caller.CheckoutAsync(requestId, (1, 2), (2, 1));
        var orders = await caller.ListOrdersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Accepted), again.ToString);
            Assert.That(again.Location, Is.EqualTo($"/orders/checkout/{requestId}"));
            Assert.That(orders.Json.Number("total"), Is.EqualTo(1), orders.ToString);
            Assert.That(orders.Json.Items("orders").Select(o => o.Text("requestId")), Is.EqualTo(new[] { requestId }));
        });
    }

    [Test]
    public async Task Should_answer_409_for_a_different_body()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 2));

        var response = await caller.CheckoutAsync(requestId, (1, 3));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response["status"], Is.EqualTo("409"));
            Assert.That(response["detail"], Does.Contain(requestId));
        });
    }

    [Test]
    public async Task Should_answer_409_when_another_user_reuses_it()
    {
        var requestId = ApiIds.NewRequestId();
        await ApiHost.Shared.NewUser().CheckoutAsync(requestId, (1, 2));

        var response = await ApiHost.Shared.NewUser().CheckoutAsync(requestId, (1, 2));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Conflict), response.ToString);
    }

    [Test]
    public async Task Should_accept_20_parallel_submissions_as_one_checkout_and_one_order()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => caller.CheckoutAsync(requestId, (7, 3))));
        var paid = await caller.WaitForStateAsync(requestId, "Paid");
        var orders = await caller.ListOrdersAsync();

        await using var db = ApiHost.Shared.CreateDbContext();
        var sagaRows = await db.Checkouts.CountAsync(s => s.RequestId == requestId);
        var orderRows = await db.Orders.Where(o => o.RequestId == requestId).Select(o => o.Id).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.Accepted), string.Join("\n", responses.Select(r => r.ToString())));
            Assert.That(sagaRows, Is.EqualTo(1), "checkout_sagas rows");
            Assert.That(orderRows, Is.EqualTo(new[] { paid.Number("orderId") }), "orders rows");
            Assert.That(paid.Items("timeline").Select(e => e.Text("state")), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid")));
            Assert.That(orders.Json.Number("total"), Is.EqualTo(1), orders.ToString);
            Assert.That(orders.Json.Items("orders").Single().Text("requestId"), Is.EqualTo(requestId));
        });
    }
}
