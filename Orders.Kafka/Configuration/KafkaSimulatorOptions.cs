namespace Orders.Kafka.Configuration;

/// <summary>
/// The Product and Payment simulators on Kafka (Kafka:Simulators:*): stand-ins for the other teams'
/// services, each in a consumer group of its own, as the real services would be.
/// </summary>
public sealed class KafkaSimulatorOptions
{
    /// <summary>Off unless set: a deployment with the real Product and Payment services must not answer for them.</summary>
    public bool Enabled { get; set; }

    public string ProductGroupId { get; set; } = "product-service-simulator";

    public string PaymentGroupId { get; set; } = "payment-service-simulator";
}
