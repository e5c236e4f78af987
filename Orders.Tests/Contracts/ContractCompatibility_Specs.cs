using System.Text.Json.Nodes;
using Orders.Kafka.Contracts;
using Orders.Tests.Support;

namespace Orders.Tests.Contracts;

[TestFixture]
public class When_todays_contract_is_compared_with_the_release_baseline
{
    [Test]
    public void Should_break_nothing_the_baseline_promised()
    {
        var baseline = JsonNode.Parse(File.ReadAllText(BaselineFiles.AsyncApi))!;
        Assert.That(ContractCompatibility.Breaks(baseline, AsyncApiDocument.Create(), BaselineFiles.ChangeLog()), Is.Empty,
            "a change that breaks the other end needs the message's x-version raised and a row in the change log (docs/messages.md, versioning)");
    }
}

/// <summary>The checker itself, fed today's document with one change made by hand.</summary>
[TestFixture]
public class When_a_message_changes_after_a_release
{
    private const string NoChangeLog = "";

    [Test]
    public void Should_fail_when_a_field_is_removed()
    {
        var changed = Changed(d => Data(d).AsObject().Remove("currency"));
        Assert.That(ContractCompatibility.Breaks(Today(), changed, NoChangeLog), Has.One.Contains("order.lifecycle: field data.currency is gone"));
    }

    [Test]
    public void Should_pass_when_an_optional_field_is_added_to_what_it_sends_or_reads()
    {
        var changed = Changed(d =>
        {
            Data(d)["channel"] = new JsonObject { ["type"] = new JsonArray("string", "null") };
            Schema(d, "PaymentResponseEvent")["properties"]!["method"] = new JsonObject { ["type"] = "string" };
        });
        Assert.That(ContractCompatibility.Breaks(Today(), changed, NoChangeLog), Is.Empty);
    }

    [Test]
    public void Should_fail_when_a_field_is_renamed()
    {
        var changed = Changed(d =>
        {
            var data = Data(d).AsObject();
            var schema = data["userid"]!.DeepClone();
            data.Remove("userid");
            data["userId"] = schema;
        });
        Assert.That(ContractCompatibility.Breaks(Today(), changed, NoChangeLog), Has.One.Contains("field data.userid is gone"));
    }

    [Test]
    public void Should_fail_when_a_type_is_narrowed()
    {
        var changed = Changed(d => Schema(d, "PaymentResponseEvent")["properties"]!["reason"]!["type"] = "string");
        Assert.That(ContractCompatibility.Breaks(Today(), changed, NoChangeLog), Has.One.Contains("payment.response: reason narrowed from string|null to string"));
    }

    [Test]
    public void Should_fail_when_an_optional_field_it_reads_becomes_required()
    {
        var changed = Changed(d => Schema(d, "PaymentResponseEvent")["required"]!.AsArray().Add("transactionId"));
        Assert.That(ContractCompatibility.Breaks(Today(), changed, NoChangeLog), Has.One.Contains("payment.response: field transactionId is now required"));
    }

    [Test]
    public void Should_fail_when_a_topic_key_changes()
    {
        var changed = Changed(d => d["components"]!["messages"]!["productRequest"]!["bindings"]!["kafka"]!["key"]!["pattern"] = "^[0-9]+$");
        Assert.That(ContractCompatibility.Breaks(Today(), changed, NoChangeLog), Has.One.Contains("product.request: the record key changed"));
    }

    [Test]
    public void Should_fail_when_the_version_is_raised_but_the_change_log_does_not_say_so()
    {
        var changed = Changed(d =>
        {
            Data(d).AsObject().Remove("currency");
            d["components"]!["messages"]!["orderLifecycle"]!["x-version"] = "2.0";
        });
        Assert.That(ContractCompatibility.Breaks(Today(), changed, NoChangeLog), Has.One.Contains("version 2.0 is not in the change log"));
    }

    [Test]
    public void Should_pass_when_the_version_is_raised_and_the_change_log_lists_it()
    {
        var changed = Changed(d =>
        {
            Data(d).AsObject().Remove("currency");
            d["components"]!["messages"]!["orderLifecycle"]!["x-version"] = "2.0";
        });
        const string changeLog = """
            | message | version | change |
            |---|---|---|
            | `order.lifecycle` | 2.0 | `data.currency` removed: every order is in USD |
            """;
        Assert.That(ContractCompatibility.Breaks(Today(), changed, changeLog), Is.Empty);
    }

    private static JsonObject Today() => AsyncApiDocument.Create();

    private static JsonObject Changed(Action<JsonObject> change)
    {
        var document = AsyncApiDocument.Create();
        change(document);
        return document;
    }

    private static JsonNode Schema(JsonObject document, string name) => document["components"]!["schemas"]![name]!;

    private static JsonNode Data(JsonObject document) => Schema(document, "OrderLifecycleEvent")["properties"]!["data"]!["properties"]!;
}

/// <summary>The committed baseline of the last release and the change log that may excuse a break of it.</summary>
public static class BaselineFiles
{
    public static string AsyncApi => RepositoryFiles.PathOf("docs/contracts/baseline/asyncapi.json");

    public static string ChangeLogFile => RepositoryFiles.PathOf("docs/messages.md");

    public static string ChangeLog() => File.ReadAllText(ChangeLogFile);
}
