using System.Globalization;
using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

// The routes of the service this one replaces, for existing gateways: /Order/Order-Summary, /Order/pay-result/{requestId}
// and /Order/GetOrder. Simulator rules: products 1..999 cost N + 0.99 USD, 404 is unavailable, charges above 10,000.00 fail.

[TestFixture]
public class When_a_gateway_starts_a_checkout_on_the_legacy_route
{
    [Test]
    public async Task Should_answer_200_with_the_requestId_and_run_the_same_checkout()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();

        var response = await ApiHost.Shared.SendAsync(Legacy.Summary(caller, Legacy.SummaryJson(requestId, (1, 2), (2, 1))));
        var checkout = await caller.WaitForStateAsync(requestId, ApiCaller.FinalStates);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
            Assert.That(response.Json.PropertyNames(), Is.EqualTo(ApiJson.Names("requestId")));
            Assert.That(response["requestId"], Is.EqualTo(requestId));
            Assert.That(checkout.Text("state"), Is.EqualTo("Paid"));
            Assert.That(checkout.Amount("totalAmount"), Is.EqualTo(6.97m));
            Assert.That(checkout.Items("items").Select(i => i.Number("productId")), Is.EqualTo(new long[] { 1, 2 }));
        });
    }

    [Test]
    public async Task Should_answer_200_to_the_same_request_again_and_409_to_another_body_with_its_requestId()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await ApiHost.Shared.SendAsync(Legacy.Summary(caller, Legacy.SummaryJson(requestId, (1, 1))));

        var again = await ApiHost.Shared.SendAsync(Legacy.Summary(caller, Legacy.SummaryJson(requestId, (1, 1))));
        var other = await ApiHost.Shared.SendAsync(Legacy.Summary(caller, Legacy.SummaryJson(requestId, (1, 3))));

        Assert.Multiple(() =>
        {
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.OK), again.ToString);
            Assert.That(other.Status, Is.EqualTo(HttpStatusCode.Conflict), other.ToString);
            Assert.That(other.MediaType, Is.EqualTo("application/problem+json"));
        });
    }

    [Test]
    public async Task Should_name_invalid_fields_in_the_legacy_shape()
    {
        var caller = ApiHost.Shared.NewUser();
        const string body = """{"requestId":"not valid!","items":[{"quantity":0},{"id":"7","quantity":1},{"productId":3,"quantity":1}]}""";
        using var request = Legacy.Summary(caller, body);
        request.Headers.Remove("X-EMAIL");

        var response = await ApiHost.Shared.SendAsync(request);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response.ErrorKeys, Is.EquivalentTo(ApiJson.Names(
                "X-EMAIL", "requestId", "items[0].id", "items[0].quantity", "items[1].id", "items[2].id")));
        });
    }

    [Test]
    public async Task Should_take_the_identity_headers_in_any_case()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        using var request = new HttpRequestMessage(HttpMethod.Post, Legacy.SummaryPath) { Content = ApiCaller.Json(Legacy.SummaryJson(requestId, (1, 1))) };
        request.Headers.Add("x-userid", caller.UserId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("x-email", caller.Email);

        var response = await ApiHost.Shared.SendAsync(request);
        var owners = await caller.GetCheckoutAsync(requestId);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
            Assert.That(owners.Status, Is.EqualTo(HttpStatusCode.OK), owners.ToString);
        });
    }

    [Test]
    public async Task Should_refuse_a_body_that_is_not_json_with_415()
    {
        var caller = ApiHost.Shared.NewUser();

        var response = await caller.SendAsync(HttpMethod.Post, Legacy.SummaryPath, new StringContent("items=1", System.Text.Encoding.UTF8, "text/plain"));

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), response.ToString);
    }
}

[TestFixture]
public class When_a_gateway_asks_for_a_payment_result
{
    [Test]
    public async Task Should_answer_success_with_the_order_id_and_total_in_cents()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        var checkout = await caller.CheckoutToEndAsync(requestId, (1, 2), (2, 1));

        var result = await caller.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(HttpStatusCode.OK), result.ToString);
            Assert.That(result.Json.PropertyNames(), Is.EqualTo(ApiJson.Names("requestId", "status", "state", "orderId", "totalAmount", "currency", "reasonCode", "reason")));
            Assert.That(result["requestId"], Is.EqualTo(requestId));
            Assert.That(result["status"], Is.EqualTo("SUCCESS"));
            Assert.That(result["state"], Is.EqualTo("Paid"));
            Assert.That(result["orderId"], Is.EqualTo($"ORD_{checkout.Number("orderId")}"));
            Assert.That(result.Json.GetProperty("totalAmount").GetRawText(), Is.EqualTo("697"));
            Assert.That(result["currency"], Is.EqualTo("USD"));
        });
    }

    [TestCase(999, 11, "FAILED", "PAYMENT_DECLINED", TestName = "Should_answer_failed_with_the_reason_when_payment_is_declined")]
    [TestCase(404, 1, "FAILED", "OUT_OF_STOCK", TestName = "Should_answer_failed_with_the_reason_when_an_item_is_unavailable")]
    public async Task Should_answer_failed_with_the_reason(int productId, int quantity, string status, string reasonCode)
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (productId, quantity));

        var result = await caller.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(HttpStatusCode.OK), result.ToString);
            Assert.That(result["status"], Is.EqualTo(status));
            Assert.That(result["reasonCode"], Is.EqualTo(reasonCode));
            Assert.That(result["reason"], Is.Not.Empty);
        });
    }

    [Test]
    public async Task Should_answer_cancelled_once_a_paid_checkout_is_cancelled_and_refunded()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (1, 1));
        await caller.CancelAsync(requestId);
        await caller.WaitForStateAsync(requestId, "Cancelled");

        var result = await caller.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));

        Assert.That(result["status"], Is.EqualTo("CANCELLED"), result.ToString);
    }

    [Test]
    public async Task Should_answer_504_naming_payment_when_payment_did_not_answer_in_time()
    {
        var caller = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await Legacy.RecordPaymentTimeoutAsync(ApiHost.Shared, caller, requestId, orderId: 990_000_001);

        var result = await caller.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(HttpStatusCode.GatewayTimeout), result.ToString);
            Assert.That(result.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(result["title"], Is.EqualTo("Payment Service did not respond"));
            Assert.That(result["reasonCode"], Is.EqualTo("PAYMENT_TIMED_OUT"));
            Assert.That(result["orderId"], Is.EqualTo("ORD_990000001"));
        });
    }

    [Test]
    public async Task Should_answer_404_to_another_user_exactly_as_for_an_unknown_checkout()
    {
        var owner = ApiHost.Shared.NewUser();
        var stranger = ApiHost.Shared.NewUser();
        var requestId = ApiIds.NewRequestId();
        await owner.CheckoutToEndAsync(requestId, (1, 1));

        var strangers = await stranger.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));
        var unknown = await stranger.SendAsync(HttpMethod.Get, Legacy.PayResultPath(ApiIds.NewRequestId("nop")));

        Assert.Multiple(() =>
        {
            Assert.That(strangers.Status, Is.EqualTo(HttpStatusCode.NotFound), strangers.ToString);
            Assert.That(strangers["title"], Is.EqualTo(unknown["title"]));
            Assert.That(strangers.Text, Does.Not.Contain("SUCCESS").And.Not.Contain("ORD_"));
        });
    }
}

[TestFixture]
public class When_a_payment_result_is_asked_while_product_does_not_answer
{
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_without_simulators() =>
        _host = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Kafka:Simulators:Enabled"] = "false",
            ["Checkout:PricingTimeout"] = "00:00:01",
        });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_answer_pending_while_it_is_priced_then_504_naming_product()
    {
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        var pending = await caller.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));
        await caller.WaitForStateAsync(requestId, "TimedOut");
        var timedOut = await caller.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));

        Assert.Multiple(() =>
        {
            Assert.That(pending["status"], Is.EqualTo("PENDING"), pending.ToString);
            Assert.That(pending.Json.IsNull("orderId"), Is.True);
            Assert.That(timedOut.Status, Is.EqualTo(HttpStatusCode.GatewayTimeout), timedOut.ToString);
            Assert.That(timedOut["title"], Is.EqualTo("Product Service did not respond"));
        });
    }
}

[TestFixture]
public class When_a_gateway_lists_orders_on_the_legacy_route
{
    [Test]
    public async Task Should_list_every_order_newest_first_with_ids_cents_and_statuses()
    {
        var caller = ApiHost.Shared.NewUser();
        var paid = await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (1, 1));
        await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (404, 1));
        var declined = await caller.CheckoutToEndAsync(ApiIds.NewRequestId(), (999, 11));
        var cancelledId = ApiIds.NewRequestId();
        var cancelled = await caller.CheckoutToEndAsync(cancelledId, (2, 3));
        await caller.CancelAsync(cancelledId);
        await caller.WaitForStateAsync(cancelledId, "Cancelled");

        var response = await caller.SendAsync(HttpMethod.Get, Legacy.GetOrderPath);

        var orders = response.Json.EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
            Assert.That(orders.Select(o => o.PropertyNames()), Has.All.EqualTo(ApiJson.Names("orderId", "totalAmount", "status")));
            Assert.That(orders.Select(Legacy.Describe), Is.EqualTo(ApiJson.Names(
                $"ORD_{cancelled.Number("orderId")} 897 CANCELLED",
                $"ORD_{declined.Number("orderId")} 1099989 FAILED",
                $"ORD_{paid.Number("orderId")} 199 SUCCESS")));
        });
    }

    [Test]
    public async Task Should_answer_an_empty_list_to_a_user_without_orders_and_400_without_a_user_id()
    {
        var caller = ApiHost.Shared.NewUser();

        var none = await caller.SendAsync(HttpMethod.Get, Legacy.GetOrderPath);
        var anonymous = await caller.SendAsync(HttpMethod.Get, Legacy.GetOrderPath, withIdentity: false);

        Assert.Multiple(() =>
        {
            Assert.That(none.Status, Is.EqualTo(HttpStatusCode.OK), none.ToString);
            Assert.That(none.Text, Is.EqualTo("[]"));
            Assert.That(anonymous.Status, Is.EqualTo(HttpStatusCode.BadRequest), anonymous.ToString);
            Assert.That(anonymous.ErrorKeys, Is.EqualTo(ApiJson.Names("X-UserId")));
        });
    }
}

[TestFixture]
public class When_the_openapi_document_describes_the_gateway_routes
{
    private static IEnumerable<TestCaseData> Operations()
    {
        yield return new TestCaseData(Legacy.SummaryPath, "post", ApiJson.Names("200", "400", "409", "415", "503"), ApiJson.Names("header X-UserId", "header X-EMAIL"));
        yield return new TestCaseData("/Order/pay-result/{requestId}", "get", ApiJson.Names("200", "400", "404", "504"), ApiJson.Names("path requestId", "header X-UserId"));
        yield return new TestCaseData(Legacy.GetOrderPath, "get", ApiJson.Names("200", "400"), ApiJson.Names("header X-UserId"));
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Should_describe_the_route_its_parameters_and_answers(string path, string method, IReadOnlyList<string> statuses, IReadOnlyList<string> parameters)
    {
        var operation = await ApiDocument.OperationAsync(ApiHost.Shared, path, method);

        Assert.Multiple(() =>
        {
            Assert.That(operation.Text("summary"), Is.Not.Empty);
            Assert.That(operation.Text("description"), Is.Not.Empty);
            Assert.That(operation.GetProperty("responses").PropertyNames(), Is.EquivalentTo(statuses));
            Assert.That(ApiDocument.Parameters(operation), Is.EquivalentTo(parameters));
        });
    }

    [Test]
    public async Task Should_describe_the_legacy_body_with_id_and_quantity()
    {
        var document = await ApiHost.Shared.NewUser().SendAsync(HttpMethod.Get, "/openapi/v1.json");

        var item = document.Json.GetProperty("components").GetProperty("schemas").GetProperty("OrderSummaryItem");
        Assert.That(item.GetProperty("properties").PropertyNames(), Is.EqualTo(ApiJson.Names("id", "quantity")));
    }
}
