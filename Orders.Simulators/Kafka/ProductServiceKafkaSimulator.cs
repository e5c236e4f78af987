using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Kafka.Configuration;
using Orders.Kafka.Serialization;

namespace Orders.Simulators.Kafka;

/// <summary>The Product service's stand-in on Kafka: answers product requests by <see cref="ProductCatalog"/>.</summary>
public sealed class ProductServiceKafkaSimulator(KafkaMessageCodec codec, IOptions<KafkaOptions> options, ILogger<ProductServiceKafkaSimulator> log)
    : KafkaRequestResponder(codec, options, log)
{
    protected override string Name => "Product service simulator";

    protected override string RequestTopic => Options.Topics.ProductRequests;

    protected override string GroupId => Options.Simulators.ProductGroupId;

    protected override object? Answer(DecodedMessage request) =>
        request.Message is ProductRequestEvent products ? ProductCatalog.Answer(products) : null;
}
