using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Hosting;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// Product's prices as another team's producer sends them, through the topic and into PostgreSQL: a price that cannot
/// be stored rejects the checkout (never poison, never a timeout), and a price below a cent keeps to the one rounding
/// rule in every figure: line total = unit price x quantity rounded to cents half away from zero, total = sum of lines.
/// </summary>
[TestFixture]
public sealed class ProductPrices_Specs
{
    private static readonly TimeSpan OnTopic = TimeSpan.FromSeconds(15);

    private static readonly decimal[] QuotedPrices = [1.005m, 0.125m];

    private ApiHost _host = null!;
    private string _bootstrap = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Kafka:Simulators:Enabled"] = "false" });
        _bootstrap = _host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task When_a_unit_price_cannot_be_stored_Should_end_rejected_invalid_pricing_without_a_dead_letter()
    {
        var caller = _host.NewUser();
        var id = ApiIds.NewRequestId("price-1e17");
        using var producer = KafkaRecords.Producer(_bootstrap);
        Assert.That((int)(await caller.CheckoutAsync(id, (1, 1))).Status, Is.EqualTo(202));

        await producer.ProduceAsync(TopicNames.ProductResponses, id,
            $$"""{"requestId":"{{id}}","currency":"USD","items":[{"productId":1,"name":"Product 1","unitPrice":1e17,"available":true}]}""");

        var final = await caller.WaitForStateAsync(id, OnTopic, ApiCaller.FinalStates);
        await using var db = _host.CreateDbContext();
        Assert.Multiple(async () =>
        {
            Assert.That(final.GetProperty("state").GetString(), Is.EqualTo("Rejected"));
            Assert.That(final.GetProperty("reasonCode").GetString(), Is.EqualTo("INVALID_PRICING"));
            Assert.That(await db.DeadLetters.CountAsync(d => d.RequestId == id), Is.Zero, "an unusable price is an answer, not poison");
        });
    }

    [Test]
    public async Task When_prices_are_below_a_cent_Should_keep_every_figure_to_the_rounding_rule()
    {
        var caller = _host.NewUser();
        var id = ApiIds.NewRequestId("sub-cent");
        using var producer = KafkaRecords.Producer(_bootstrap);
        using var orders = new TopicLog(_bootstrap, TopicNames.Orders);
        Assert.That((int)(await caller.CheckoutAsync(id, (1, 1), (2, 3))).Status, Is.EqualTo(202));

        await producer.ProduceAsync(TopicNames.ProductResponses, id,
            $$"""{"requestId":"{{id}}","currency":"USD","items":[{"productId":1,"name":"Product 1","unitPrice":1.005,"available":true},{"productId":2,"name":"Product 2","unitPrice":0.125,"available":true}]}""");
        await caller.WaitForStateAsync(id, "AwaitingPayment");

        var created = TopicLog.Json(orders.ReadUntil(r => r.Any(x => x.Message.Key == id), OnTopic, "order.created").First(r => r.Message.Key == id));
        await using var db = _host.CreateDbContext();
        var order = await db.Orders.AsNoTracking().Include(o => o.Items).SingleAsync(o => o.RequestId == id);
        var items = order.Items.OrderBy(i => i.LineNumber).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => (i.UnitPrice, i.LineTotal)), Is.EqualTo(new[] { (1.005m, 1.01m), (0.125m, 0.38m) }), "order_items");
            Assert.That(order.TotalAmount, Is.EqualTo(1.39m), "orders.total_amount");
            Assert.That(created["data"]!["totalamount"]!.GetValue<string>(), Is.EqualTo("1.39"), "order.created totalamount");
            Assert.That(created["data"]!["items"]!.AsArray().Select(i => i!["price"]!.GetValue<decimal>()), Is.EqualTo(QuotedPrices), "order.created prices");
        });
    }
}
