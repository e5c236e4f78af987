using System.Net;
using System.Text.Json;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_a_user_lists_several_orders
{
    private static readonly string[] PageFields = ["page", "pageSize", "total", "orders"];
    private static readonly string[] OrderFields = ["requestId", "orderId", "state", "totalAmount", "currency", "createdAt", "items"];

    private ApiCaller _caller = null!;
    private string[] _oldestFirst = null!;

    [OneTimeSetUp]
    public async Task The_user_has_three_orders_and_a_rejected_checkout()
    {
        _caller = ApiHost.Shared.NewUser();
        _oldestFirst = [ApiIds.NewRequestId("first"), ApiIds.NewRequestId("second"), ApiIds.NewRequestId("third")];
        for (var i = 0; i < _oldestFirst.Length; i++)
            await _caller.CheckoutToEndAsync(_oldestFirst[i], (i + 1, 1));
        await _caller.CheckoutToEndAsync(ApiIds.NewRequestId("rejected"), (404, 1));
    }

    [Test]
    public async Task Should_list_them_newest_first_with_page_1_of_20_by_default()
    {
        var response = await _caller.ListOrdersAsync();

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var orders = response.Json.Items("orders");
        Assert.Multiple(() =>
        {
            Assert.That(response.Json.PropertyNames(), Is.EqualTo(PageFields));
            Assert.That(response.Json.Number("page"), Is.EqualTo(1));
            Assert.That(response.Json.Number("pageSize"), Is.EqualTo(20));
            Assert.That(response.Json.Number("total"), Is.EqualTo(3));
            Assert.That(RequestIds(orders), Is.EqualTo(_oldestFirst.Reverse()));
            Assert.That(orders[0].PropertyNames(), Is.EqualTo(OrderFields));
            Assert.That(orders[0].Text("state"), Is.EqualTo("Paid"));
            Assert.That(orders[0].Amount("totalAmount"), Is.EqualTo(3.99m));
            Assert.That(orders[0].Text("currency"), Is.EqualTo("USD"));
            Assert.That(orders[0].Number("orderId"), Is.Positive);
            Assert.That(orders[0].Items("items").Single().Text("name"), Is.EqualTo("Product 3"));
        });
    }

    [Test]
    public async Task Should_page_them()
    {
        var first = await _caller.ListOrdersAsync("?page=1&pageSize=2");
        var second = await _caller.ListOrdersAsync("?page=2&pageSize=2");
        var beyond = await _caller.ListOrdersAsync("?page=3&pageSize=2");

        Assert.Multiple(() =>
        {
            Assert.That(RequestIds(first.Json.Items("orders")), Is.EqualTo(new[] { _oldestFirst[2], _oldestFirst[1] }));
            Assert.That(RequestIds(second.Json.Items("orders")), Is.EqualTo(new[] { _oldestFirst[0] }));
            Assert.That(beyond.Json.Items("orders"), Is.Empty);
            Assert.That(second.Json.Number("page"), Is.EqualTo(2));
            Assert.That(second.Json.Number("pageSize"), Is.EqualTo(2));
            Assert.That(new[] { first, second, beyond }.Select(r => r.Json.Number("total")), Is.All.EqualTo(3));
        });
    }

    private static IEnumerable<string?> RequestIds(IEnumerable<JsonElement> orders) => orders.Select(o => o.Text("requestId"));
}

[TestFixture]
public class When_a_user_without_orders_lists_them
{
    [Test]
    public async Task Should_answer_an_empty_first_page()
    {
        var response = await ApiHost.Shared.NewUser().ListOrdersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
            Assert.That(response.Json.Number("total"), Is.Zero);
            Assert.That(response.Json.Items("orders"), Is.Empty);
        });
    }
}
