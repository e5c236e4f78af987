using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;
using Orders.Simulators.Kafka;

namespace Orders.Tests.Kafka;

[TestFixture]
public class When_kafka_settings_are_validated
{
    [Test]
    public void Should_accept_the_defaults_with_bootstrap_servers()
    {
        var result = Validate(new KafkaOptions { BootstrapServers = "127.0.0.1:9092,kafka-2:9092" });

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [Test]
    public void Should_require_bootstrap_servers() =>
        Assert.That(Validate(new KafkaOptions()).Failures, Has.One.StartsWith("Kafka:BootstrapServers is required"));

    [Test]
    public void Should_name_a_topic_setting_with_an_invalid_name()
    {
        var options = Valid();
        options.Topics.Orders = "orders with spaces";
        options.Topics.DeadLetter = new string('x', 250);

        var failures = Validate(options).Failures;

        Assert.That(failures, Has.One.StartsWith("Kafka:Topics:Orders must be a valid topic name ([a-zA-Z0-9._-], 1..249)"));
        Assert.That(failures, Has.One.StartsWith("Kafka:Topics:DeadLetter must be a valid topic name"));
    }

    [Test]
    public void Should_refuse_two_settings_naming_one_topic()
    {
        var options = Valid();
        options.Topics.PaymentResponses = options.Topics.ProductResponses;

        Assert.That(Validate(options).Failures,
            Has.One.EqualTo("Kafka:Topics:ProductResponses and Kafka:Topics:PaymentResponses must name different topics, all are 'product-responses'"));
    }

    [Test]
    public void Should_refuse_client_settings_that_ordersaga_owns()
    {
        var options = Valid();
        options.Client["enable.auto.commit"] = "true";
        options.Client["security.protocol"] = "SASL_SSL";

        var failures = Validate(options).Failures;

        Assert.That(failures, Has.Exactly(1).Items);
        Assert.That(failures, Has.One.StartsWith("Kafka:Client:enable.auto.commit cannot be set"));
    }

    [TestCase(0)]
    [TestCase(1_001)]
    public void Should_bound_the_partitions_of_created_topics(int partitions)
    {
        var options = Valid();
        options.TopicPartitions = partitions;

        Assert.That(Validate(options).Failures, Has.One.EqualTo("Kafka:TopicPartitions must be between 1 and 1000"));
    }

    [Test]
    public void Should_require_simulator_groups_only_when_they_run()
    {
        var options = Valid();
        options.Simulators.ProductGroupId = " ";

        Assert.That(Validate(options).Succeeded, Is.True);
        options.Simulators.Enabled = true;
        Assert.That(Validate(options).Failures, Has.One.EqualTo("Kafka:Simulators:ProductGroupId is required"));
    }

    private static KafkaOptions Valid() => new() { BootstrapServers = "127.0.0.1:9092" };

    private static ValidateOptionsResult Validate(KafkaOptions options) => new KafkaOptionsValidator().Validate(null, options);
}

[TestFixture]
public class When_kafka_settings_are_bound_from_configuration
{
    [Test]
    public void Should_pass_client_settings_through_and_keep_the_owned_ones()
    {
        var options = Bind(new()
        {
            ["Kafka:BootstrapServers"] = "broker:9093",
            ["Kafka:Client:security.protocol"] = "SASL_SSL",
            ["Kafka:Client:sasl.mechanism"] = "PLAIN",
            ["Kafka:Topics:Orders"] = "orders.v1",
        }).GetRequiredService<IOptions<KafkaOptions>>().Value;

        var consumer = options.ManualCommitConsumer("g1");
        var producer = options.IdempotentProducer();

        Assert.Multiple(() =>
        {
            Assert.That(options.Topics.Orders, Is.EqualTo("orders.v1"));
            Assert.That(options.Topics.ProductRequests, Is.EqualTo("product-requests"));
            Assert.That(consumer.Get("security.protocol"), Is.EqualTo("SASL_SSL"));
            Assert.That(consumer.Get("sasl.mechanism"), Is.EqualTo("PLAIN"));
            Assert.That(consumer.BootstrapServers, Is.EqualTo("broker:9093"));
            Assert.That(consumer.GroupId, Is.EqualTo("g1"));
            Assert.That(consumer.EnableAutoCommit, Is.False);
            Assert.That(consumer.EnableAutoOffsetStore, Is.False);
            Assert.That(consumer.AutoOffsetReset, Is.EqualTo(AutoOffsetReset.Earliest));
            Assert.That(producer.EnableIdempotence, Is.True);
            Assert.That(producer.Acks, Is.EqualTo(Acks.All));
            Assert.That(producer.Get("security.protocol"), Is.EqualTo("SASL_SSL"));
            Assert.That(options.Client, Has.Count.EqualTo(2), "the options are not changed by making configs");
        });
    }

    [Test]
    public void Should_stop_the_start_with_a_message_naming_the_setting()
    {
        using var provider = Bind(new() { ["Kafka:Topics:Orders"] = "bad topic" });

        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.That(error?.Failures, Has.One.StartsWith("Kafka:BootstrapServers is required"));
        Assert.That(error?.Failures, Has.One.StartsWith("Kafka:Topics:Orders must be a valid topic name"));
    }

    [Test]
    public void Should_add_no_simulators_unless_enabled()
    {
        var services = new ServiceCollection();

        services.AddKafkaSimulators(new ConfigurationBuilder().Build());

        Assert.That(services.Where(s => s.ServiceType == typeof(IHostedService)), Is.Empty);
        Assert.That(services.Where(s => s.ServiceType == typeof(IValidateOptions<KafkaOptions>)), Is.Empty, "Kafka settings not required");
    }

    [Test]
    public void Should_add_both_simulators_and_the_client_start_log_when_enabled()
    {
        using var provider = Bind(new() { ["Kafka:BootstrapServers"] = "broker:9093", ["Kafka:Simulators:Enabled"] = "true" });

        var hosted = provider.GetServices<IHostedService>().Select(s => s.GetType());

        Assert.That(hosted, Is.EquivalentTo(new[] { typeof(KafkaClientStartLog), typeof(ProductServiceKafkaSimulator), typeof(PaymentServiceKafkaSimulator) }));
    }

    private static ServiceProvider Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddKafkaOptions(configuration);
        services.AddKafkaSimulators(configuration);
        return services.BuildServiceProvider();
    }
}
