using System.Text.Json.Nodes;
using Orders.Contracts.Topics;
using Orders.Kafka.Contracts;
using Orders.Kafka.Serialization;
using Orders.Tests.Support;

namespace Orders.Tests.Contracts;

[TestFixture]
public class When_the_asyncapi_document_is_made_from_the_code
{
    private static readonly string[] EnvelopeRequired = ["id", "type", "timestamp", "data"];
    private static readonly JsonObject Document = AsyncApiDocument.Create();

    [Test]
    public void Should_be_the_committed_docs_asyncapi_json()
    {
        var made = AsyncApiDocument.ToText(Document);
        var committed = File.ReadAllText(RepositoryFiles.PathOf("docs/asyncapi.json"));
        if (made != committed)
        {
            Directory.CreateDirectory(RepositoryFiles.PathOf(".run"));
            File.WriteAllText(RepositoryFiles.PathOf(".run/asyncapi.json"), made);
        }
        Assert.That(committed, Is.EqualTo(made),
            "docs/asyncapi.json is not what the code makes: review .run/asyncapi.json, then `cp .run/asyncapi.json docs/asyncapi.json` " +
            "(and see docs/messages.md, versioning, for what a change needs)");
    }

    [Test]
    public async Task Should_pass_the_asyncapi_parser_with_no_errors()
    {
        using var scratch = ContractCheck.NewScratch();
        var (exitCode, result) = await ContractCheck.RunAsync("asyncapi", scratch.Write("asyncapi.json", AsyncApiDocument.ToText(Document)));

        var diagnostics = result.GetProperty("diagnostics").EnumerateArray().ToList();
        await TestContext.Out.WriteLineAsync($"@asyncapi/parser: {diagnostics.Count} diagnostic(s)\n{string.Join("\n", diagnostics)}");
        Assert.Multiple(() =>
        {
            Assert.That(diagnostics.Where(d => d.GetProperty("severity").GetString() == "error").Select(d => d.ToString()), Is.Empty);
            Assert.That(exitCode, Is.Zero);
        });
    }

    [Test]
    public void Should_have_a_channel_for_every_topic_the_service_reads_or_writes_and_a_message_for_every_type()
    {
        var addresses = Document["channels"]!.AsObject().Select(c => c.Value!["address"]!.GetValue<string>());
        var names = Document["components"]!["messages"]!.AsObject().Select(m => m.Value!["name"]!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(addresses, Is.EquivalentTo(TopicNames.All));
            Assert.That(names, Is.SupersetOf(WireCatalog.All.Select(m => m.Type)));
        });
    }

    [TestCase(MessageTypes.ProductRequest, new[] { "message-type", "message-id" })]
    [TestCase(MessageTypes.OrderLifecycle, new[] { "message-type", "message-id" })]
    [TestCase(MessageTypes.RefundRequest, new[] { "message-type", "message-id" })]
    [TestCase(MessageTypes.ProductResponse, new string[0])]
    [TestCase(MessageTypes.ShipmentStarted, new string[0])]
    [TestCase(MessageTypes.PaymentResponse, new[] { "message-type" })]
    [TestCase(MessageTypes.RefundResponse, new[] { "message-type" })]
    public void Should_require_the_headers_the_topic_needs(string type, string[] required)
    {
        var headers = Message(type)["headers"]!;
        Assert.Multiple(() =>
        {
            Assert.That(headers["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [], Is.EquivalentTo(required));
            Assert.That(headers["properties"]![MessageHeaders.MessageType]!["const"]!.GetValue<string>(), Is.EqualTo(type));
            Assert.That(headers["properties"]![MessageHeaders.TraceParent], Is.Not.Null);
        });
    }

    [Test]
    public void Should_key_every_message_by_its_requestId_partitioned_by_murmur2()
    {
        Assert.Multiple(() =>
        {
            foreach (var wire in WireCatalog.All)
            {
                var message = Message(wire.Type);
                Assert.That(message["bindings"]!["kafka"]!["key"]!["pattern"]!.GetValue<string>(), Is.EqualTo(WireRules.RequestIdPattern), wire.Type);
                Assert.That(message["x-partitioner"]!.GetValue<string>(), Is.EqualTo("murmur2"), wire.Type);
            }
        });
    }

    [Test]
    public void Should_state_the_orders_envelope_money_as_a_two_decimal_string_and_its_required_fields()
    {
        var envelope = Document["components"]!["schemas"]!["OrderLifecycleEvent"]!;
        var total = envelope["properties"]!["data"]!["properties"]!["totalamount"]!;
        Assert.Multiple(() =>
        {
            Assert.That(total["type"]!.GetValue<string>(), Is.EqualTo("string"));
            Assert.That(total["pattern"]!.GetValue<string>(), Is.EqualTo(PayloadSchemas.MoneyTextPattern));
            Assert.That(envelope["required"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(EnvelopeRequired));
            Assert.That(envelope["properties"]!["timestamp"]!["format"]!.GetValue<string>(), Is.EqualTo("date-time"));
        });
    }

    private static JsonNode Message(string type) =>
        Document["components"]!["messages"]!.AsObject().Single(m => m.Value!["name"]!.GetValue<string>() == type).Value!;
}

[TestFixture]
public class When_the_docs_show_message_examples
{
    [Test]
    public async Task Should_validate_every_json_example_in_the_docs_and_in_the_document_against_its_message()
    {
        using var scratch = ContractCheck.NewScratch();
        var document = scratch.Write("asyncapi.json", AsyncApiDocument.ToText(AsyncApiDocument.Create()));
        var (exitCode, result) = await ContractCheck.RunAsync(["examples", document, .. DocsJson.Files()]);

        var matched = result.GetProperty("matched").EnumerateArray().Select(m => m.GetProperty("message").GetString()).ToList();
        await TestContext.Out.WriteLineAsync($"ajv: {result.GetProperty("examples").GetInt32()} document examples, {matched.Count} docs examples matched to a message, {result.GetProperty("skipped").GetInt32()} other JSON values");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("failures").EnumerateArray().Select(f => f.ToString()), Is.Empty);
            Assert.That(exitCode, Is.Zero);
            Assert.That(matched, Is.SupersetOf(WireCatalog.All.Select(m => m.Type)), "every message has an example in the docs that validates");
        });
    }

    [Test]
    public void Should_show_each_example_of_the_document_word_for_word()
    {
        var values = DocsJson.Values();
        Assert.Multiple(() =>
        {
            foreach (var contract in MessageContracts.All)
                Assert.That(values.Any(v => JsonNode.DeepEquals(v, JsonNode.Parse(contract.Example))), Is.True, $"the {contract.Type} example is not in {string.Join(", ", DocsJson.Files())}");
        });
    }
}
