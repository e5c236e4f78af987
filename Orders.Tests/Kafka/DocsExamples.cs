using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// The message examples of docs/messages.md, copied verbatim: what another team would type into its own
/// Kafka client. <see cref="JsonValuesInMessagesDoc"/> reads them back from that page, so a test notices
/// when the two drift apart.
/// </summary>
public static class DocsExamples
{
    public const string RequestId = "abc123xyz";

    public const string ProductRequest = """{"requestId":"abc123xyz","userId":101,"email":"ada@example.com","items":[{"productId":1,"quantity":2},{"productId":2,"quantity":1}]}""";
    public const string ProductResponse = """{"requestId":"abc123xyz","currency":"USD","items":[{"productId":1,"name":"Product 1","unitPrice":1.99,"available":true},{"productId":2,"name":"Product 2","unitPrice":2.99,"available":true}]}""";
    public const string PaymentRequest = """{"requestId":"abc123xyz","orderId":1,"userId":101,"amount":6.97,"currency":"USD"}""";
    public const string PaymentResponse = """{"requestId":"abc123xyz","success":true,"transactionId":"txn-abc123xyz","reason":null}""";
    public const string RefundRequest = """{"requestId":"abc123xyz","orderId":1,"transactionId":"txn-abc123xyz","amount":6.97,"currency":"USD"}""";
    public const string RefundResponse = """{"requestId":"abc123xyz","success":true,"refundId":"rfd-abc123xyz","reason":null}""";
    public const string ShipmentStarted = """{"requestId":"abc123xyz","shippedAt":"2026-11-22T10:00:00+00:00"}""";
    public const string OrderLifecycle = """
        {"id":"5118233514736981911","type":"order.created","timestamp":"2026-11-22T10:00:00.123+00:00","version":"1.0",
         "data":{"orderid":1,"userid":101,"totalamount":"6.97","currency":"USD","status":"pending","requestid":"abc123xyz",
         "items":[{"product_id":1,"quantity":2,"price":1.99},{"product_id":2,"quantity":1,"price":2.99}]}}
        """;

    public static IReadOnlyList<string> All { get; } =
        [ProductRequest, ProductResponse, PaymentRequest, PaymentResponse, RefundRequest, RefundResponse, ShipmentStarted, OrderLifecycle];

    /// <summary>The example with another requestId, as a test would send it.</summary>
    public static string For(string example, string requestId) => example.Replace(RequestId, requestId, StringComparison.Ordinal);

    public const string MessagesDoc = "docs/messages.md";

    /// <summary>Every JSON value in the ```json blocks of docs/messages.md (a block may hold several).</summary>
    public static IReadOnlyList<JsonNode> JsonValuesInMessagesDoc()
    {
        var values = new List<JsonNode>();
        foreach (var block in JsonBlocks(File.ReadAllText(RepositoryFiles.PathOf(MessagesDoc))))
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(block), new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                values.Add(JsonNode.Parse(JsonDocument.ParseValue(ref reader).RootElement.GetRawText())!);
            }
        }

        return values;
    }

    private static IEnumerable<string> JsonBlocks(string markdown)
    {
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```json")
                continue;

            var block = new StringBuilder();
            for (i++; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
                block.AppendLine(lines[i]);
            yield return block.ToString();
        }
    }
}
