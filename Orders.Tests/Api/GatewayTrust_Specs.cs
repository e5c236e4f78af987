using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

// Gateway:Secret set: every user route (/orders/**, /Order/**) needs it in X-Gateway-Secret; a user still sees only their own data.

[TestFixture]
public class When_a_gateway_secret_is_configured
{
    private const string Secret = "s3cret-from-the-gateway-0123456789";
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_that_requires_it() =>
        _host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Gateway:Secret"] = Secret });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    private static IEnumerable<TestCaseData> UserRoutes()
    {
        yield return new TestCaseData("POST", "/orders/checkout");
        yield return new TestCaseData("GET", "/orders/checkout/abc123xyz");
        yield return new TestCaseData("POST", "/orders/checkout/abc123xyz/cancel");
        yield return new TestCaseData("GET", "/orders/checkout/abc123xyz/events");
        yield return new TestCaseData("GET", "/orders?page=1");
        yield return new TestCaseData("POST", "/Order/Order-Summary");
        yield return new TestCaseData("GET", "/Order/pay-result/abc123xyz");
        yield return new TestCaseData("GET", "/Order/GetOrder");
        yield return new TestCaseData("GET", "/ORDER/getorder");
        yield return new TestCaseData("GET", "/Orders/Checkout/abc123xyz");
    }

    [TestCaseSource(nameof(UserRoutes))]
    public async Task Should_refuse_a_request_without_it_or_with_a_wrong_one_alike_with_401(string method, string path)
    {
        var missing = await SendAsync(method, path, secret: null);
        var wrong = await SendAsync(method, path, secret: Secret.Replace('s', 'S'));

        Assert.Multiple(() =>
        {
            foreach (var response in new[] { missing, wrong })
            {
                Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Unauthorized), response.ToString);
                Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
                Assert.That(response.Headers.WwwAuthenticate, Is.Not.Empty);
            }
            Assert.That(wrong["title"], Is.EqualTo(missing["title"]));
            Assert.That(wrong["detail"], Is.EqualTo(missing["detail"]));
            Assert.That(wrong.Json.PropertyNames(), Is.EqualTo(missing.Json.PropertyNames()));
        });
    }

    [Test]
    public async Task Should_serve_every_user_route_with_the_right_one()
    {
        var caller = _host.NewUserBehindGateway(Secret);
        var requestId = ApiIds.NewRequestId();

        var legacy = await _host.SendAsync(Legacy.Summary(caller, Legacy.SummaryJson(requestId, (1, 1))).WithHeader(ApiGatewayClient.SecretHeader, Secret));
        var checkout = await caller.WaitForStateAsync(requestId, ApiCaller.FinalStates);
        var payResult = await caller.SendAsync(HttpMethod.Get, Legacy.PayResultPath(requestId));
        var orders = await caller.SendAsync(HttpMethod.Get, Legacy.GetOrderPath);
        var history = await caller.ListOrdersAsync();
        await using var stream = await ApiEventSource.OpenAsync(_host.CreateClient(Secret), LiveStatus.PathOf(requestId), caller);
        var events = await stream.ReadEventsToEndAsync();

        Assert.Multiple(() =>
        {
            Assert.That(legacy.Status, Is.EqualTo(HttpStatusCode.OK), legacy.ToString);
            Assert.That(checkout.Text("state"), Is.EqualTo("Paid"));
            Assert.That(payResult["status"], Is.EqualTo("SUCCESS"), payResult.ToString);
            Assert.That(orders.Json.GetArrayLength(), Is.EqualTo(1), orders.ToString);
            Assert.That(history.Json.Number("total"), Is.EqualTo(1), history.ToString);
            Assert.That(events.Select(LiveStatus.Describe), Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Paid final")));
        });
    }

    [Test]
    public async Task Should_leave_the_openapi_document_open_and_describe_the_secret_in_it()
    {
        var document = await SendAsync("GET", "/openapi/v1.json", secret: null);
        var operation = await ApiDocument.OperationAsync(_host, "/Order/GetOrder", "get");

        Assert.Multiple(() =>
        {
            Assert.That(document.Status, Is.EqualTo(HttpStatusCode.OK), document.ToString);
            Assert.That(document.Json.GetProperty("components").GetProperty("securitySchemes").PropertyNames(), Does.Contain("gatewaySecret"));
            Assert.That(operation.GetProperty("responses").PropertyNames(), Does.Contain("401"));
            Assert.That(operation.GetProperty("security").GetRawText(), Does.Contain("gatewaySecret"));
        });
    }

    private async Task<ApiResponse> SendAsync(string method, string path, string? secret)
    {
        var caller = _host.NewUser();
        using var client = _host.CreateClient(secret);
        var user = new ApiCaller(client, caller.UserId, caller.Email);
        var body = method == "POST" ? ApiCaller.Json(ApiCaller.CheckoutJson(ApiIds.NewRequestId(), (1, 1))) : null;
        return await user.SendAsync(new HttpMethod(method), path, body);
    }
}

[TestFixture]
public class When_users_read_each_others_data_behind_the_gateway
{
    private const string Secret = "another-gateway-secret-for-owners";
    private ApiHost _host = null!;
    private ApiCaller _owner = null!;
    private ApiCaller _stranger = null!;
    private string _requestId = null!;

    [OneTimeSetUp]
    public async Task The_owner_has_a_paid_checkout()
    {
        _host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Gateway:Secret"] = Secret });
        _owner = _host.NewUserBehindGateway(Secret);
        _stranger = _host.NewUserBehindGateway(Secret);
        _requestId = ApiIds.NewRequestId();
        await _owner.CheckoutToEndAsync(_requestId, (1, 1));
    }

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [TestCase("GET", "/orders/checkout/{0}")]
    [TestCase("POST", "/orders/checkout/{0}/cancel")]
    [TestCase("GET", "/orders/checkout/{0}/events")]
    [TestCase("GET", "/Order/pay-result/{0}")]
    public async Task Should_answer_404_to_the_stranger_as_for_an_unknown_checkout(string method, string route)
    {
        var strangers = await _stranger.SendAsync(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, route, _requestId));
        var unknown = await _stranger.SendAsync(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, route, ApiIds.NewRequestId("nop")));
        var owners = await _owner.GetCheckoutAsync(_requestId);

        Assert.Multiple(() =>
        {
            Assert.That(strangers.Status, Is.EqualTo(HttpStatusCode.NotFound), strangers.ToString);
            Assert.That(strangers["title"], Is.EqualTo(unknown["title"]));
            Assert.That(strangers.Json.PropertyNames(), Is.EqualTo(unknown.Json.PropertyNames()));
            Assert.That(owners["state"], Is.EqualTo("Paid"), "the stranger's request must leave the checkout alone");
        });
    }

    [TestCase("/orders")]
    [TestCase("/Order/GetOrder")]
    public async Task Should_not_list_the_owners_order_to_the_stranger(string path)
    {
        var strangers = await _stranger.SendAsync(HttpMethod.Get, path);
        var owners = await _owner.SendAsync(HttpMethod.Get, path);

        Assert.Multiple(() =>
        {
            Assert.That(strangers.Status, Is.EqualTo(HttpStatusCode.OK), strangers.ToString);
            Assert.That(strangers.Text, Does.Not.Contain("ORD_").And.Not.Contain(_requestId));
            Assert.That(owners.Text, Does.Contain("ORD_").Or.Contain(_requestId));
        });
    }
}

[TestFixture]
public class When_no_gateway_secret_is_configured
{
    [Test]
    public async Task Should_warn_at_start_that_identity_headers_are_trusted_as_sent()
    {
        var log = new ApiLogCapture();
        await using var host = await ApiHost.StartAsync(services: log.AddTo);

        var response = await host.NewUser().ListOrdersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
            Assert.That(log.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message),
                Has.Some.Contains("Gateway:Secret is not set").And.Some.Contains("trusted as sent"));
        });
    }
}

[TestFixture]
public class When_the_gateway_secret_is_too_short
{
    [Test]
    public async Task Should_refuse_to_start_naming_the_setting_but_not_the_value()
    {
        await using var host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Gateway:Secret"] = "short-one" });

        var failure = Assert.Catch(() => host.CreateClient());

        Assert.That(failure!.ToString(), Does.Contain("Gateway:Secret").And.Not.Contain("short-one"));
    }
}

internal static class GatewayRequests
{
    public static HttpRequestMessage WithHeader(this HttpRequestMessage request, string name, string value)
    {
        request.Headers.Add(name, value);
        return request;
    }
}
