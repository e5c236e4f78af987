using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orders.Contracts;
using Orders.Kafka.Configuration;
using Orders.Kafka.Serialization;

namespace Orders.Simulators.Kafka;

/// <summary>The Payment service's stand-in on Kafka: answers charges and refunds by <see cref="PaymentRules"/>.</summary>
public sealed class PaymentServiceKafkaSimulator(KafkaMessageCodec codec, IOptions<KafkaOptions> options, ILogger<PaymentServiceKafkaSimulator> log)
    : KafkaRequestResponder(codec, options, log)
{
    protected override string Name => "Payment service simulator";

    protected override string RequestTopic => Options.Topics.PaymentRequests;

    protected override string GroupId => Options.Simulators.PaymentGroupId;

    protected override object? Answer(DecodedMessage request) => request.Message switch
    {
        PaymentRequestEvent charge => PaymentRules.Charge(charge),
        RefundRequestEvent refund => PaymentRules.Refund(refund),
        _ => null,
    };
}
