using System.Net;
using Confluent.Kafka;
using Orders.Kafka.Client;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public sealed class When_the_kafka_diagnostics_are_requested
{
    [Test]
    public async Task Should_name_a_broker_that_answers_with_the_service_topics()
    {
        var response = await ApiHost.Shared.NewUser().SendAsync(HttpMethod.Get, "/diagnostics/kafka", withIdentity: false);
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var bootstrap = response.Json.GetProperty("bootstrapServers").GetString()!;

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(response.Json.GetProperty("inProcessBroker").GetBoolean(), Is.True);
            Assert.That(response.Json.GetProperty("groupId").GetString(), Is.EqualTo("order-saga"));
            Assert.That(response.Json.GetProperty("listTopics").GetString(), Is.EqualTo($"kcat -b {bootstrap} -L"));
            Assert.That(response.Text, Does.Not.Contain("session.timeout.ms"), "client settings may hold credentials and are never shown");
            Assert.That(topics, Is.SupersetOf(response.Json.GetProperty("topics").EnumerateObject().Select(t => t.Value.GetString())));
            var client = response.Json.GetProperty("client");
            Assert.That(client.GetProperty("confluentKafka").GetString(), Is.EqualTo("2.16.0"));
            Assert.That(client.GetProperty("librdkafka").GetString(), Does.StartWith("2.16."));
            Assert.That(client.GetProperty("librdkafkaFiles").EnumerateArray().Select(f => f.GetString()),
                Is.EqualTo(new[] { Path.Combine(AppContext.BaseDirectory, LibrdkafkaCheck.ShippedFile) }), "the build's own librdkafka, no other");
        });
    }

    [Test]
    public async Task Should_be_described_in_the_openapi_document()
    {
        var document = await ApiHost.Shared.NewUser().SendAsync(HttpMethod.Get, "/openapi/v1.json");
        var operation = document.Json.GetProperty("paths").GetProperty("/diagnostics/kafka").GetProperty("get");
        Assert.That(operation.GetProperty("summary").GetString(), Is.Not.Empty);
    }
}

[TestFixture]
public sealed class When_the_runtime_diagnostics_are_requested
{
    [Test]
    public async Task Should_report_the_collections_memory_and_threads_of_the_process()
    {
        var caller = ApiHost.Shared.NewUser();
        var before = await caller.SendAsync(HttpMethod.Get, "/diagnostics/runtime", withIdentity: false);
        // The test host runs in this process: a full collection here is one the endpoint must count.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var after = await caller.SendAsync(HttpMethod.Get, "/diagnostics/runtime", withIdentity: false);

        Assert.Multiple(() =>
        {
            Assert.That(before.Status, Is.EqualTo(HttpStatusCode.OK), before.ToString);
            Assert.That(after.Status, Is.EqualTo(HttpStatusCode.OK), after.ToString);
            Assert.That(after.Json.GetProperty("gen2Collections").GetInt32(), Is.GreaterThan(before.Json.GetProperty("gen2Collections").GetInt32()));
            Assert.That(after.Json.GetProperty("gen0Collections").GetInt32(), Is.GreaterThanOrEqualTo(after.Json.GetProperty("gen1Collections").GetInt32()));
            Assert.That(after.Json.GetProperty("gen1Collections").GetInt32(), Is.GreaterThanOrEqualTo(after.Json.GetProperty("gen2Collections").GetInt32()));
            Assert.That(after.Json.GetProperty("workingSetBytes").GetInt64(), Is.GreaterThan(0));
            Assert.That(after.Json.GetProperty("peakWorkingSetBytes").GetInt64(), Is.GreaterThanOrEqualTo(after.Json.GetProperty("workingSetBytes").GetInt64()));
            Assert.That(after.Json.GetProperty("heapSizeBytes").GetInt64(), Is.GreaterThan(0));
            Assert.That(after.Json.GetProperty("threads").GetInt32(), Is.GreaterThan(0));
            Assert.That(after.Json.GetProperty("processorCount").GetInt32(), Is.EqualTo(Environment.ProcessorCount));
        });
    }

    [Test]
    public async Task Should_be_described_in_the_openapi_document()
    {
        var document = await ApiHost.Shared.NewUser().SendAsync(HttpMethod.Get, "/openapi/v1.json");
        var operation = document.Json.GetProperty("paths").GetProperty("/diagnostics/runtime").GetProperty("get");
        Assert.That(operation.GetProperty("summary").GetString(), Is.Not.Empty);
    }
}
