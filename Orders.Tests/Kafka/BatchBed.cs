using System.Net;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts.Topics;
using Orders.KafkaBroker.Hosting;
using Orders.Persistence;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// The service in process with one partition per topic, no simulators (the test answers for Product and Payment) and
/// a saga endpoint that waits up to a second to fill a batch: records produced together arrive as one batch.
/// </summary>
public sealed class BatchBed : IAsyncDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly IProducer<string, string> _producer;

    private BatchBed(ApiHost host)
    {
        Host = host;
        Caller = host.NewUser();
        _producer = KafkaRecords.Producer(host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers);
    }

    public ApiHost Host { get; }
    public ApiCaller Caller { get; }

    public static async Task<BatchBed> StartAsync(string? connectionString = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:Simulators:Enabled"] = "false",
            ["Kafka:TopicPartitions"] = "1",
            ["Kafka:SagaBatch:MaxRecords"] = "16",
            ["Kafka:SagaBatch:Wait"] = "00:00:01",
        };
        if (connectionString is not null)
            settings[OrdersConnectionString.Key] = connectionString;
        var host = await ApiHost.StartAsync(settings, services);
        return new BatchBed(host);
    }

    /// <summary>New checkouts of products 1 x2 and 2 x1, waiting for Product's answer.</summary>
    public async Task<string[]> PricingCheckoutsAsync(string prefix, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => ApiIds.NewRequestId($"{prefix}{i}")).ToArray();
        foreach (var id in ids)
        {
            var accepted = await Caller.CheckoutAsync(id, (1, 2), (2, 1));
            Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.ToString);
        }
        return ids;
    }

    /// <summary>New checkouts priced with the documented answer (docs/messages.md), waiting for Payment's.</summary>
    public async Task<string[]> AwaitingPaymentCheckoutsAsync(string prefix, int count)
    {
        var ids = await PricingCheckoutsAsync(prefix, count);
        await ProduceAtOnceAsync(TopicNames.ProductResponses, ids.Select(id => (id, DocsExamples.For(DocsExamples.ProductResponse, id))).ToArray());
        foreach (var id in ids)
            await Caller.WaitForStateAsync(id, Settle, "AwaitingPayment");
        return ids;
    }

    /// <summary>Produces the records back to back (in this order on the topic's one partition); returns their offsets.</summary>
    public async Task<long[]> ProduceAtOnceAsync(string topic, params (string Key, string Value)[] records) => await ProduceAtOnceAsync(topic, records, null);

    public async Task<long[]> ProduceAtOnceAsync(string topic, (string Key, string Value)[] records, string? messageType)
    {
        var delivered = await Task.WhenAll(records.Select(r => _producer.ProduceAsync(topic, r.Key, r.Value, messageType)));
        return delivered.Select(d => d.Offset.Value).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        await Host.DisposeAsync();
    }
}
