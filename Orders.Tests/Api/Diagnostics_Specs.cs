using System.Net;
using Confluent.Kafka;
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
