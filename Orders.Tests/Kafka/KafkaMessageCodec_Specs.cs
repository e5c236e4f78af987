using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Orders.Contracts;
using Orders.Contracts.Topics;
using Orders.Kafka.Configuration;
using Orders.Kafka.Serialization;

namespace Orders.Tests.Kafka;

/// <summary>Each message: its contract as C#, its JSON in docs/messages.md, its type header and default topic.</summary>
public sealed record WireCase(string Type, string Topic, object Message, string DocumentedJson)
{
    public override string ToString() => Type;

    public static IEnumerable<WireCase> All()
    {
        yield return new(MessageTypes.ProductRequest, TopicNames.ProductRequests, new ProductRequestEvent
        {
            RequestId = DocsExamples.RequestId, UserId = 101, Email = "ada@example.com",
            Items = [new CheckoutLine { ProductId = 1, Quantity = 2 }, new CheckoutLine { ProductId = 2, Quantity = 1 }],
        }, DocsExamples.ProductRequest);
        yield return new(MessageTypes.ProductResponse, TopicNames.ProductResponses, new ProductResponseEvent
        {
            RequestId = DocsExamples.RequestId, Currency = "USD",
            Items =
            [
                new ProductResponseItem { ProductId = 1, Name = "Product 1", UnitPrice = 1.99m, Available = true },
                new ProductResponseItem { ProductId = 2, Name = "Product 2", UnitPrice = 2.99m, Available = true },
            ],
        }, DocsExamples.ProductResponse);
        yield return new(MessageTypes.PaymentRequest, TopicNames.PaymentRequests, new PaymentRequestEvent
        {
            RequestId = DocsExamples.RequestId, OrderId = 1, UserId = 101, Amount = 6.97m, Currency = "USD",
        }, DocsExamples.PaymentRequest);
        yield return new(MessageTypes.PaymentResponse, TopicNames.PaymentResponses, new PaymentResponseEvent
        {
            RequestId = DocsExamples.RequestId, Success = true, TransactionId = "txn-abc123xyz",
        }, DocsExamples.PaymentResponse);
        yield return new(MessageTypes.RefundRequest, TopicNames.PaymentRequests, new RefundRequestEvent
        {
            RequestId = DocsExamples.RequestId, OrderId = 1, TransactionId = "txn-abc123xyz", Amount = 6.97m, Currency = "USD",
        }, DocsExamples.RefundRequest);
        yield return new(MessageTypes.RefundResponse, TopicNames.PaymentResponses, new RefundResponseEvent
        {
            RequestId = DocsExamples.RequestId, Success = true, RefundId = "rfd-abc123xyz",
        }, DocsExamples.RefundResponse);
        yield return new(MessageTypes.ShipmentStarted, TopicNames.Shipments, new ShipmentStartedEvent
        {
            RequestId = DocsExamples.RequestId, ShippedAt = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero),
        }, DocsExamples.ShipmentStarted);
        yield return new(MessageTypes.OrderLifecycle, TopicNames.Orders, new OrderLifecycleEvent
        {
            Id = "5118233514736981911", Type = OrderEventTypes.Created,
            Timestamp = new DateTimeOffset(2026, 11, 22, 10, 0, 0, 123, TimeSpan.Zero),
            Data = new OrderEventData
            {
                OrderId = 1, UserId = 101, TotalAmount = "6.97", Currency = "USD", Status = "pending", RequestId = DocsExamples.RequestId,
                Items =
                [
                    new OrderEventItem { ProductId = 1, Quantity = 2, Price = 1.99m },
                    new OrderEventItem { ProductId = 2, Quantity = 1, Price = 2.99m },
                ],
            },
        }, DocsExamples.OrderLifecycle);
    }
}

[TestFixture]
public class When_a_message_is_encoded
{
    private readonly KafkaMessageCodec _codec = new(new KafkaTopics());

    [TestCaseSource(typeof(WireCase), nameof(WireCase.All))]
    public void Should_write_the_json_the_docs_show(WireCase wire)
    {
        var record = _codec.Encode(wire.Message);

        var written = JsonNode.Parse(record.Message.Value);
        Assert.That(JsonNode.DeepEquals(written, JsonNode.Parse(wire.DocumentedJson)), Is.True,
            $"written:\n{written?.ToJsonString()}\ndocs/messages.md:\n{wire.DocumentedJson}");
    }

    [TestCaseSource(typeof(WireCase), nameof(WireCase.All))]
    public void Should_go_to_its_topic_keyed_by_requestId_with_its_type_header(WireCase wire)
    {
        var record = _codec.Encode(wire.Message);

        Assert.Multiple(() =>
        {
            Assert.That(record.Topic, Is.EqualTo(wire.Topic));
            Assert.That(record.Message.Key, Is.EqualTo(DocsExamples.RequestId));
            Assert.That(Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(MessageHeaders.MessageType)), Is.EqualTo(wire.Type));
        });
    }

    [Test]
    public void Should_use_the_configured_topic_names()
    {
        var codec = new KafkaMessageCodec(new KafkaTopics { PaymentRequests = "team-b.payments.in" });

        var record = codec.Encode(new RefundRequestEvent { RequestId = "r1", OrderId = 1, TransactionId = "t", Amount = 1m, Currency = "USD" });

        Assert.That(record.Topic, Is.EqualTo("team-b.payments.in"));
        Assert.That(codec.TopicOf<PaymentRequestEvent>(), Is.EqualTo("team-b.payments.in"));
    }

    [Test]
    public void Should_refuse_a_type_that_is_not_a_wire_message() =>
        Assert.That(() => _codec.Encode(new CheckoutAccepted { RequestId = "r1" }),
            Throws.ArgumentException.With.Message.Contains(nameof(CheckoutAccepted)));
}

[TestFixture]
public class When_a_record_is_decoded
{
    private readonly KafkaMessageCodec _codec = new(new KafkaTopics());

    [TestCaseSource(typeof(WireCase), nameof(WireCase.All))]
    public void Should_round_trip_every_message(WireCase wire)
    {
        var record = _codec.Encode(wire.Message);

        var decoded = _codec.Decode(record.Topic, record.Message.Headers, record.Message.Value);

        var message = (decoded as DecodedMessage)?.Message;
        Assert.That(decoded, Is.InstanceOf<DecodedMessage>(), decoded.ToString());
        Assert.That((decoded as DecodedMessage)?.Type, Is.EqualTo(wire.Type));
        Assert.That(message, Is.InstanceOf(wire.Message.GetType()));
        Assert.That(_codec.Encode(message!).Message.Value, Is.EqualTo(record.Message.Value), "reads back to the same JSON");
    }

    [TestCaseSource(typeof(WireCase), nameof(WireCase.All))]
    public void Should_read_the_documented_json_as_another_team_would_send_it(WireCase wire)
    {
        // The header only where the topic carries several types: the documented minimum.
        var headers = wire.Topic is TopicNames.PaymentRequests or TopicNames.PaymentResponses ? TypeHeader(wire.Type) : null;

        var decoded = _codec.Decode(wire.Topic, headers, Encoding.UTF8.GetBytes(wire.DocumentedJson));

        Assert.That(decoded, Is.InstanceOf<DecodedMessage>(), decoded.ToString());
        Assert.That(_codec.Encode(((DecodedMessage)decoded).Message).Message.Value, Is.EqualTo(_codec.Encode(wire.Message).Message.Value));
    }

    [Test]
    public void Should_ignore_properties_it_does_not_know()
    {
        var body = """{"requestId":"r1","shippedAt":"2026-11-22T10:00:00+00:00","carrier":"DHL"}""";

        var decoded = _codec.Decode(TopicNames.Shipments, null, Encoding.UTF8.GetBytes(body));

        Assert.That(decoded, Is.InstanceOf<DecodedMessage>(), decoded.ToString());
    }

    [Test]
    public void Should_decode_a_consume_result()
    {
        var record = _codec.Encode(new ShipmentStartedEvent { RequestId = "r1", ShippedAt = DateTimeOffset.UnixEpoch });
        var consumed = new ConsumeResult<string, byte[]> { Topic = record.Topic, Message = record.Message };

        Assert.That(_codec.Decode(consumed), Is.InstanceOf<DecodedMessage>());
    }

    internal static Headers TypeHeader(string type) => new() { { MessageHeaders.MessageType, Encoding.UTF8.GetBytes(type) } };
}

[TestFixture]
public class When_a_record_is_poison
{
    private const string Charge = """{"requestId":"r1","orderId":1,"userId":101,"amount":6.97,"currency":"USD"}""";
    private const string Shipment = """{"requestId":"r1","shippedAt":"2026-11-22T10:00:00+00:00"}""";

    private readonly KafkaMessageCodec _codec = new(new KafkaTopics());

    public static IEnumerable<TestCaseData> Poison()
    {
        var charge = When_a_record_is_decoded.TypeHeader(MessageTypes.PaymentRequest);
        yield return Case("malformed JSON", TopicNames.Shipments, null, """{"requestId":"r1",""", "shipment.started: the JSON body does not fit the message: Expected start of a property name or value, but instead reached end of data");
        yield return Case("not JSON at all", TopicNames.Shipments, null, "hello", "'h' is an invalid start of a value");
        yield return Case("JSON of another shape", TopicNames.Shipments, null, "[1,2]", "The JSON value could not be converted to Orders.Contracts.ShipmentStartedEvent");
        yield return Case("JSON null", TopicNames.Shipments, null, "null", "the body is JSON null");
        yield return Case("no body", TopicNames.Shipments, null, null, "the record has no body");
        yield return Case("a missing required property", TopicNames.PaymentRequests, charge,
            """{"requestId":"r1","orderId":1,"userId":101,"currency":"USD"}""", "missing required properties including: 'amount'");
        yield return Case("a required property set to null", TopicNames.Shipments, null,
            """{"requestId":null,"shippedAt":"2026-11-22T10:00:00+00:00"}""", "'requestId' on type 'Orders.Contracts.ShipmentStartedEvent' doesn't allow setting null values");
        yield return Case("a number as a string", TopicNames.PaymentRequests, charge, Charge.Replace("6.97", "\"6.97\"", StringComparison.Ordinal), "$.amount");
        yield return Case("a property given twice", TopicNames.Shipments, null,
            """{"requestId":"r1","requestId":"r2","shippedAt":"2026-11-22T10:00:00+00:00"}""", "Duplicate");
        yield return Case("an unknown type header", TopicNames.PaymentRequests, When_a_record_is_decoded.TypeHeader("payment.capture"), Charge,
            "unknown message type 'payment.capture'");
        yield return Case("a type header of another topic", TopicNames.PaymentRequests, When_a_record_is_decoded.TypeHeader(MessageTypes.ProductRequest), Charge,
            "message type 'product.request' does not belong on topic 'payment-requests'");
        yield return Case("no type header on a topic of several types", TopicNames.PaymentRequests, null, Charge,
            "the message-type header is required on topic 'payment-requests', which carries payment.request and refund.request");
        yield return Case("a type header that is not UTF-8", TopicNames.Shipments, new Headers { { MessageHeaders.MessageType, [0xff, 0xfe] } }, Shipment,
            "not UTF-8");
        yield return Case("an empty requestId", TopicNames.Shipments, null, Shipment.Replace("\"r1\"", "\"\"", StringComparison.Ordinal),
            "requestId must be 1..64 characters of [A-Za-z0-9_-], got ''");
        yield return Case("a requestId of 65 characters", TopicNames.Shipments, null, Shipment.Replace("r1", new string('a', 65), StringComparison.Ordinal),
            "requestId must be 1..64 characters");
        yield return Case("a requestId with a space", TopicNames.Shipments, null, Shipment.Replace("r1", "r 1", StringComparison.Ordinal),
            "requestId must be 1..64 characters");
        yield return Case("a zero amount", TopicNames.PaymentRequests, charge, Charge.Replace("6.97", "0", StringComparison.Ordinal), "amount must be positive");
        yield return Case("a currency that is no ISO code", TopicNames.PaymentRequests, charge, Charge.Replace("USD", "dollars", StringComparison.Ordinal),
            "currency must be a three-letter ISO 4217 code");
        yield return Case("a product request without items", TopicNames.ProductRequests, null,
            """{"requestId":"r1","userId":101,"email":"ada@example.com","items":[]}""", "items must not be empty");
        yield return Case("a zero quantity", TopicNames.ProductRequests, null,
            """{"requestId":"r1","userId":101,"email":"ada@example.com","items":[{"productId":1,"quantity":0}]}""", "items[0].quantity must be at least 1");
        yield return Case("a successful charge without a transactionId", TopicNames.PaymentResponses, When_a_record_is_decoded.TypeHeader(MessageTypes.PaymentResponse),
            """{"requestId":"r1","success":true,"transactionId":null,"reason":null}""", "transactionId is required when success is true");
        yield return Case("a record on a topic OrderSaga does not know", "elsewhere", null, Shipment, "topic 'elsewhere' carries no OrderSaga message");
    }

    [TestCaseSource(nameof(Poison))]
    public void Should_be_recognised_with_a_clear_reason(string topic, Headers? headers, string? body, string reason)
    {
        var decoded = _codec.Decode(topic, headers, body is null ? null : Encoding.UTF8.GetBytes(body));

        Assert.That(decoded, Is.InstanceOf<PoisonRecord>());
        Assert.That(((PoisonRecord)decoded).Reason, Does.Contain(reason));
    }

    private static TestCaseData Case(string name, string topic, Headers? headers, string? body, string reason) =>
        new TestCaseData(topic, headers, body, reason).SetArgDisplayNames(name);
}

[TestFixture]
public class When_the_docs_show_the_messages
{
    [Test]
    public void Should_show_every_example_the_wire_tests_use()
    {
        var documented = DocsExamples.JsonValuesInMessagesDoc();

        foreach (var example in DocsExamples.All)
        {
            var node = JsonNode.Parse(example);
            Assert.That(documented.Any(d => JsonNode.DeepEquals(d, node)), Is.True, $"{DocsExamples.MessagesDoc} no longer shows {example}");
        }
    }
}
