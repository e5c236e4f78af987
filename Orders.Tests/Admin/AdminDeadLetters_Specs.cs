using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Orders.Contracts.Topics;
using Orders.Persistence.DeadLetters;
using Orders.Tests.Kafka;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>Dead letters written as the Kafka consumer writes them: rows of dead_letters, with their original record.</summary>
internal static class DeadLetters
{
    private static long _offset;

    public static async Task<DeadLetterRecord> AddAsync(ApiHost host, string topic, string? requestId, IReadOnlyDictionary<string, string>? headers = null, string? value = null)
    {
        var record = new DeadLetterRecord
        {
            RequestId = requestId,
            Topic = topic,
            Partition = 0,
            Offset = Interlocked.Increment(ref _offset),
            MessageType = "payment.response",
            Error = "Required property 'success' is missing",
            Key = requestId,
            Value = value ?? $"{{\"requestId\":\"{requestId}\",\"transactionId\":\"txn-1\"}}",
            Headers = JsonSerializer.Serialize(headers ?? new Dictionary<string, string> { ["message-type"] = "payment.response" }),
            FailedAt = DateTimeOffset.UtcNow,
        };
        await using var db = host.CreateDbContext();
        db.DeadLetters.Add(record);
        await db.SaveChangesAsync();
        return record;
    }

    /// <summary>Every record on partition 0 of the topic, read to its end.</summary>
    public static List<ConsumeResult<string?, string>> ReadAll(string bootstrapServers, string topic)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = KafkaTestBed.UniqueName("dead-letter-check"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        };
        using var consumer = new ConsumerBuilder<string?, string>(config).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<ConsumeResult<string?, string>>();
        var deadline = DateTime.UtcNow + KafkaTestBed.ConsumeTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is not { } result)
                continue;
            if (result.IsPartitionEOF)
                return records;
            records.Add(result);
        }
        Assert.Fail($"{topic} was not read to its end within {KafkaTestBed.ConsumeTimeout}");
        return records;
    }
}

[TestFixture]
public class When_an_admin_lists_dead_letters
{
    [Test]
    public async Task Should_find_them_by_checkout_with_its_state_and_where_they_came_from()
    {
        var user = AdminSetup.Host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await user.CheckoutToEndAsync(requestId, (1, 1));
        var older = await DeadLetters.AddAsync(AdminSetup.Host, "payment-responses", requestId);
        var newer = await DeadLetters.AddAsync(AdminSetup.Host, "payment-responses", requestId, new Dictionary<string, string> { ["message-type"] = "payment.response", ["trace"] = "t-1" });
        await DeadLetters.AddAsync(AdminSetup.Host, "payment-responses", ApiIds.NewRequestId("other"));

        var response = await AdminSetup.Admin().GetAsync($"/admin/dead-letters?requestId={requestId}");
        var details = await AdminSetup.Admin().GetAsync($"/admin/checkouts/{requestId}");
        var one = await AdminSetup.Admin().GetAsync($"/admin/dead-letters/{older.Id}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
        var items = response.Json.Items("items");
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i.Number("id")), Is.EqualTo(new[] { newer.Id, older.Id }));
            Assert.That(items[0].PropertyNames(), Is.EqualTo(ApiJson.Names(
                "id", "requestId", "checkoutState", "topic", "partition", "offset", "messageType", "error", "key", "value", "headers", "failedAt", "replayedAt", "replayedBy")));
            Assert.That(items[0].Text("checkoutState"), Is.EqualTo("Paid"));
            Assert.That(items[0].Text("topic"), Is.EqualTo("payment-responses"));
            Assert.That(items[0].Number("offset"), Is.EqualTo(newer.Offset));
            Assert.That(items[0].Text("error"), Does.Contain("success"));
            Assert.That(items[0].GetProperty("headers").GetProperty("trace").GetString(), Is.EqualTo("t-1"));
            Assert.That(items[0].IsNull("replayedAt"), Is.True);
            Assert.That(details.Json.Items("deadLetters").Select(d => d.Number("id")), Is.EqualTo(new[] { newer.Id, older.Id }));
            Assert.That(one.Json.Number("id"), Is.EqualTo(older.Id), one.ToString);
        });
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_one()
    {
        var response = await AdminSetup.Admin().GetAsync($"/admin/dead-letters/{long.MaxValue}");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
    }
}

[TestFixture]
public class When_an_admin_replays_a_dead_letter
{
    private string _topic = null!;

    [OneTimeSetUp]
    public void Create_its_topic()
    {
        _topic = KafkaTestBed.UniqueName("payment-responses");
        AdminSetup.Broker.CreateTopic(_topic, 1);
    }

    [Test]
    public async Task Should_produce_it_once_to_its_topic_with_its_key_and_headers_and_refuse_a_second_replay()
    {
        var requestId = ApiIds.NewRequestId();
        var headers = new Dictionary<string, string> { ["message-type"] = "payment.response", ["origin"] = "dead-letter-test" };
        var deadLetter = await DeadLetters.AddAsync(AdminSetup.Host, _topic, requestId, headers);

        var first = await AdminSetup.Admin("ops-carol").PostAsync($"/admin/dead-letters/{deadLetter.Id}/replay");
        var second = await AdminSetup.Admin("ops-dave").PostAsync($"/admin/dead-letters/{deadLetter.Id}/replay");
        var records = DeadLetters.ReadAll(AdminSetup.Broker.BootstrapServers, _topic).Where(r => r.Message.Key == requestId).ToList();
        var audit = await AdminAudit.OfAsync(deadLetter.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(records, Has.Count.EqualTo(1), "the record is produced exactly once");
        var record = records[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.ToString);
            Assert.That(first.Json.GetProperty("deadLetter").Text("replayedBy"), Is.EqualTo("ops-carol"));
            Assert.That(first.Json.GetProperty("deadLetter").IsNull("replayedAt"), Is.False);
            Assert.That(first.Json.GetProperty("replayedTo").Text("topic"), Is.EqualTo(_topic));
            Assert.That(first.Json.GetProperty("replayedTo").Number("offset"), Is.EqualTo(record.Offset.Value));
            Assert.That(second.Status, Is.EqualTo(HttpStatusCode.Conflict), second.ToString);
            Assert.That(second.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(second["replayedBy"], Is.EqualTo("ops-carol"));
            Assert.That(record.Message.Value, Is.EqualTo(deadLetter.Value));
            // The headers as they were, plus the trace context of the replay (the dead letter had none).
            Assert.That(HeadersOf(record).Where(h => h.Key != MessageHeaders.TraceParent), Is.EqualTo(headers.OrderBy(h => h.Key, StringComparer.Ordinal).ToList()));
            Assert.That(TraceIdOf(record), Does.Match("^[0-9a-f]{32}$"));
            Assert.That(audit.Select(AdminAudit.Describe).ToList(), Has.Count.EqualTo(2));
            Assert.That(audit.Select(AdminAudit.Describe).First(), Does.StartWith("ops-dave replay-dead-letter refused: already replayed by ops-carol at "));
            Assert.That(audit.Select(AdminAudit.Describe).Last(), Is.EqualTo($"ops-carol replay-dead-letter replayed to {_topic} partition 0 offset {record.Offset.Value}"));
        });
    }

    [Test]
    public async Task Should_let_only_one_of_two_racing_replays_through()
    {
        var requestId = ApiIds.NewRequestId();
        var deadLetter = await DeadLetters.AddAsync(AdminSetup.Host, _topic, requestId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => AdminSetup.Admin($"racer-{i}").PostAsync($"/admin/dead-letters/{deadLetter.Id}/replay")));
        var records = DeadLetters.ReadAll(AdminSetup.Broker.BootstrapServers, _topic).Where(r => r.Message.Key == requestId).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict }),
                string.Join("\n", answers.Select(a => a.ToString())));
            Assert.That(records, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Should_answer_404_for_an_unknown_one()
    {
        var response = await AdminSetup.Admin().PostAsync($"/admin/dead-letters/{long.MaxValue}/replay");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
    }

    [Test]
    public async Task Should_replay_it_in_the_trace_its_record_came_in()
    {
        var requestId = ApiIds.NewRequestId();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var headers = new Dictionary<string, string> { ["message-type"] = "payment.response", [MessageHeaders.TraceParent] = $"00-{traceId}-00f067aa0ba902b7-01" };
        var deadLetter = await DeadLetters.AddAsync(AdminSetup.Host, _topic, requestId, headers);

        var replay = await AdminSetup.Admin("ops-erin").PostAsync($"/admin/dead-letters/{deadLetter.Id}/replay");
        var record = DeadLetters.ReadAll(AdminSetup.Broker.BootstrapServers, _topic).Single(r => r.Message.Key == requestId);

        Assert.Multiple(() =>
        {
            Assert.That(replay.Status, Is.EqualTo(HttpStatusCode.OK), replay.ToString);
            Assert.That(TraceIdOf(record), Is.EqualTo(traceId));
        });
    }

    private static string? TraceIdOf(ConsumeResult<string?, string> record) =>
        HeadersOf(record).Where(h => h.Key == MessageHeaders.TraceParent).Select(h => h.Value.Split('-')[1]).SingleOrDefault();

    private static List<KeyValuePair<string, string>> HeadersOf(ConsumeResult<string?, string> record) =>
        record.Message.Headers.Select(h => new KeyValuePair<string, string>(h.Key, Encoding.UTF8.GetString(h.GetValueBytes())))
            .OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
}

[TestFixture]
public class When_a_replay_cannot_be_produced
{
    private ApiHost _unreachable = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_whose_broker_is_gone() =>
        _unreachable = await AdminSetup.StartWithKafkaAsync(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = $"127.0.0.1:{ApiProcess.FreeLoopbackPort()}",
            ["Kafka:Client:message.timeout.ms"] = "1500",
        });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _unreachable.DisposeAsync();

    [Test]
    public async Task Should_answer_503_and_leave_it_unreplayed_for_another_try()
    {
        var deadLetter = await DeadLetters.AddAsync(_unreachable, "payment-responses", ApiIds.NewRequestId());
        var admin = AdminCaller.Of(_unreachable, AdminSetup.Key, "ops-erin");

        var first = await admin.PostAsync($"/admin/dead-letters/{deadLetter.Id}/replay");
        var again = await admin.PostAsync($"/admin/dead-letters/{deadLetter.Id}/replay");
        var after = await admin.GetAsync($"/admin/dead-letters/{deadLetter.Id}");
        var audit = await AdminAudit.OfAsync(deadLetter.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), _unreachable);

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), first.ToString);
            Assert.That(first.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(first.Headers.RetryAfter, Is.Not.Null);
            Assert.That(first["detail"], Does.Contain("left unreplayed"));
            Assert.That(again.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "the failed replay took its mark back, so it is tried again");
            Assert.That(after.Json.IsNull("replayedAt"), Is.True, after.ToString);
            Assert.That(after.Json.IsNull("replayedBy"), Is.True);
            Assert.That(audit.Select(AdminAudit.Describe), Has.All.StartWith("ops-erin replay-dead-letter failed: "));
            Assert.That(audit, Has.Count.EqualTo(2));
        });
    }
}
