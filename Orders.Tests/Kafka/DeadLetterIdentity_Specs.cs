using System.Text;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orders.Kafka.DeadLetters;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>
/// A dead letter is one record, not one offset: offsets start again from zero when a broker's log does (an empty
/// embedded broker after a restart, a topic deleted and made again), and the record found there then is another one.
/// The writer is driven here with records as the consumer hands them over, against the real database and broker.
/// </summary>
[TestFixture]
public sealed class DeadLetterIdentity_Specs
{
    private static readonly string[] BeforeAndAfter = ["before the restart", "after the restart"];
    private static readonly string[] BothRuns = ["first run", "second run"];
    private static readonly string[] FirstDelivery = ["first delivery"];

    private ApiHost _host = null!;
    private DeadLetterWriter _writer = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Kafka:Simulators:Enabled"] = "false" });
        _writer = _host.Services.GetRequiredService<DeadLetterWriter>();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task When_a_new_record_comes_at_a_reused_offset_Should_keep_a_row_for_each()
    {
        var topic = KafkaTestBed.UniqueName("reused-offsets");
        var before = Record(topic, "{not json", DateTime.UtcNow.AddMinutes(-5));
        var after = Record(topic, "{\"requestId\":", DateTime.UtcNow);

        await _writer.WriteAsync(before, "before the restart", CancellationToken.None);
        await _writer.WriteAsync(after, "after the restart", CancellationToken.None);

        Assert.That(await ErrorsAsync(topic), Is.EqualTo(BeforeAndAfter));
    }

    [Test]
    public async Task When_the_same_poison_comes_again_at_a_reused_offset_Should_keep_a_row_for_each()
    {
        var topic = KafkaTestBed.UniqueName("reused-offsets");

        await _writer.WriteAsync(Record(topic, "{not json", DateTime.UtcNow.AddMinutes(-5)), "first run", CancellationToken.None);
        await _writer.WriteAsync(Record(topic, "{not json", DateTime.UtcNow), "second run", CancellationToken.None);

        Assert.That(await ErrorsAsync(topic), Is.EqualTo(BothRuns));
    }

    [Test]
    public async Task When_a_record_is_redelivered_after_a_crash_Should_keep_its_first_row()
    {
        var topic = KafkaTestBed.UniqueName("redelivered");
        var record = Record(topic, "{not json", DateTime.UtcNow);

        await _writer.WriteAsync(record, "first delivery", CancellationToken.None);
        await _writer.WriteAsync(Record(topic, "{not json", record.Message.Timestamp.UtcDateTime), "redelivery", CancellationToken.None);

        Assert.That(await ErrorsAsync(topic), Is.EqualTo(FirstDelivery));
    }

    private async Task<List<string>> ErrorsAsync(string topic)
    {
        await using var db = _host.CreateDbContext();
        return await db.DeadLetters.Where(d => d.Topic == topic).OrderBy(d => d.Id).Select(d => d.Error).ToListAsync();
    }

    /// <summary>A record at offset 7 of partition 0, as the consumer hands it over.</summary>
    private static ConsumeResult<string, byte[]> Record(string topic, string value, DateTime timestamp) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset(topic, 0, 7),
        Message = new Message<string, byte[]>
        {
            Key = "poison-key",
            Value = Encoding.UTF8.GetBytes(value),
            Headers = [],
            Timestamp = new Timestamp(new DateTime(timestamp.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc)),
        },
    };
}
