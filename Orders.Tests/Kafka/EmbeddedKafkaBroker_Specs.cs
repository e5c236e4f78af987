using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Confluent.Kafka;
using Orders.KafkaBroker.Embedded;

namespace Orders.Tests.Kafka;

[TestFixture]
public class When_topics_are_created
{
    [Test]
    public void Should_list_them_with_their_partitions_in_metadata()
    {
        using var bed = KafkaTestBed.Start(partitions: 3);
        var other = KafkaTestBed.UniqueName("topic");
        bed.Broker.CreateTopic(other, partitions: 8);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bed.Broker.BootstrapServers }).Build();

        var topics = admin.GetMetadata(TimeSpan.FromSeconds(5)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);

        Assert.That(topics, Does.ContainKey(bed.Topic).WithValue(3));
        Assert.That(topics, Does.ContainKey(other).WithValue(8));
    }

    [Test]
    public void Should_refuse_a_name_that_exists()
    {
        using var bed = KafkaTestBed.Start();

        var error = Assert.Throws<KafkaException>(() => bed.Broker.CreateTopic(bed.Topic, partitions: 1));

        Assert.That(error?.Error.Code, Is.EqualTo(ErrorCode.TopicAlreadyExists));
        Assert.That(error?.Message, Does.Contain(bed.Topic).And.Contain("already exists"));
    }
}

[TestFixture]
public class When_a_cluster_has_several_brokers
{
    [Test]
    public void Should_number_them_from_one()
    {
        using var broker = EmbeddedKafkaBroker.Start(brokers: 3);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();

        var ids = admin.GetMetadata(TimeSpan.FromSeconds(5)).Brokers.Select(b => b.BrokerId);

        Assert.That(ids, Is.EquivalentTo(Enumerable.Range(1, 3)));
        Assert.That(() => broker.SetBrokerDown(0), Throws.InstanceOf<KafkaException>());
        Assert.That(() => broker.SetBrokerDown(4), Throws.InstanceOf<KafkaException>());
    }
}

[TestFixture]
public class When_a_consumer_group_reads_what_an_idempotent_producer_wrote
{
    private const int Records = 1_000;
    private const int Keys = 37;

    [Test]
    public async Task Should_read_every_record_in_partition_order_and_resume_after_commits()
    {
        using var bed = KafkaTestBed.Start(partitions: 4);
        var group = KafkaTestBed.UniqueName("group");
        var producer = bed.Producer(c => { c.EnableIdempotence = true; c.Acks = Acks.All; });
        await Task.WhenAll(Enumerable.Range(0, Records).Select(i => producer.ProduceAsync(bed.Topic, Record(i))));

        var first = bed.Consumer(group);
        var read = KafkaTestBed.Read(first, Records);
        foreach (var record in read)
        {
            first.StoreOffset(record);
        }

        first.Commit();
        first.Close();

        await Task.WhenAll(Enumerable.Range(Records, 10).Select(i => producer.ProduceAsync(bed.Topic, Record(i))));
        var resumed = KafkaTestBed.Read(bed.Consumer(group), 10);

        Assert.Multiple(() =>
        {
            Assert.That(read.Select(r => Number(r)), Is.EquivalentTo(Enumerable.Range(0, Records)));
            Assert.That(read.Select(r => r.Partition.Value).Distinct().Count(), Is.EqualTo(4), "all partitions used");
            foreach (var partition in read.GroupBy(r => r.Partition.Value))
            {
                Assert.That(partition.Select(r => r.Offset.Value), Is.EqualTo(Enumerable.Range(0, partition.Count()).Select(o => (long)o)),
                    $"partition {partition.Key} read in offset order");
            }

            foreach (var key in read.GroupBy(r => r.Message.Key))
            {
                Assert.That(key.Select(r => Number(r)), Is.Ordered, $"{key.Key} in produce order");
            }

            Assert.That(resumed.Select(r => Number(r)), Is.EquivalentTo(Enumerable.Range(Records, 10)));
        });
    }

    private static Message<string, string> Record(int i) =>
        new() { Key = $"order-{i % Keys}", Value = i.ToString(CultureInfo.InvariantCulture) };

    private static int Number(ConsumeResult<string, string> record) => int.Parse(record.Message.Value, CultureInfo.InvariantCulture);
}

[TestFixture]
public class When_a_broker_is_down
{
    [Test]
    public async Task Should_time_out_deliveries_until_it_is_up_again()
    {
        using var bed = KafkaTestBed.Start();
        var producer = bed.Producer(c => c.MessageTimeoutMs = 1_500);
        await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "before" });

        bed.Broker.SetBrokerDown(1);
        var whileDown = Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "down" }));
        bed.Broker.SetBrokerUp(1);
        var afterUp = await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "after" });

        Assert.That(whileDown?.Error.Code, Is.EqualTo(ErrorCode.Local_MsgTimedOut));
        Assert.That(afterUp.Status, Is.EqualTo(PersistenceStatus.Persisted));
        Assert.That(afterUp.Offset.Value, Is.EqualTo(1), "the timed-out record was never written");
    }
}

[TestFixture]
public class When_a_broker_is_slow
{
    [Test]
    public async Task Should_delay_each_delivery_by_its_latency()
    {
        using var bed = KafkaTestBed.Start();
        var producer = bed.Producer();
        await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "warm-up" });

        bed.Broker.SetBrokerLatency(1, TimeSpan.FromMilliseconds(600));
        var clock = Stopwatch.StartNew();
        await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "slow" });

        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(550)));
    }
}

[TestFixture]
public class When_produce_requests_are_made_to_fail
{
    private static readonly string[] Written = ["once", "next"];

    [Test]
    public void Should_fail_the_next_produce_with_that_error()
    {
        using var bed = KafkaTestBed.Start();
        var producer = bed.Producer(c => c.MessageSendMaxRetries = 0);

        bed.Broker.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas);
        var error = Assert.ThrowsAsync<ProduceException<string, string>>(
            () => producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "v" }));

        Assert.That(error?.Error.Code, Is.EqualTo(ErrorCode.NotEnoughReplicas));
    }

    [Test]
    public async Task Should_let_an_idempotent_producer_retry_through_and_write_once()
    {
        using var bed = KafkaTestBed.Start();
        var idempotent = bed.Producer(c => { c.EnableIdempotence = true; c.Acks = Acks.All; });
        var noRetries = bed.Producer(c => c.MessageSendMaxRetries = 0);

        bed.Broker.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicas);
        var once = await idempotent.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "once" });
        // Succeeds only if the idempotent producer's requests used up both errors.
        var next = await noRetries.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "next" });
        var read = KafkaTestBed.Read(bed.Consumer(KafkaTestBed.UniqueName("group")), 2);

        Assert.That(once.Offset.Value, Is.Zero);
        Assert.That(next.Offset.Value, Is.EqualTo(1), "no duplicate of the retried record");
        Assert.That(read.Select(r => r.Message.Value), Is.EqualTo(Written));
    }
}

[TestFixture]
public class When_brokers_are_started_and_disposed
{
    [Test]
    public void Should_listen_on_ports_of_their_own()
    {
        using var first = EmbeddedKafkaBroker.Start();
        using var second = EmbeddedKafkaBroker.Start();

        Assert.That(first.BootstrapServers, Does.StartWith("127.0.0.1:"));
        Assert.That(Port(first), Is.Not.EqualTo(Port(second)));
    }

    [Test]
    public void Should_stop_listening_and_tolerate_a_second_dispose()
    {
        var broker = EmbeddedKafkaBroker.Start();
        var port = Port(broker);
        Assert.That(Accepts(port), Is.True, "listening before dispose");

        broker.Dispose();

        Assert.That(broker.Dispose, Throws.Nothing);
        Assert.That(Accepts(port), Is.False, "refused after dispose");
        Assert.That(() => broker.CreateTopic("late", 1), Throws.InstanceOf<ObjectDisposedException>());
    }

    private static int Port(EmbeddedKafkaBroker broker) => int.Parse(broker.BootstrapServers.Split(':')[1], CultureInfo.InvariantCulture);

    private static bool Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

[TestFixture]
public class When_the_broker_tracks_requests
{
    [Test]
    public async Task Should_list_what_a_client_asked_in_order_and_forget_it_when_cleared()
    {
        using var bed = KafkaTestBed.Start();
        bed.Broker.StartRequestTracking();
        var producer = bed.Producer();
        await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "v" });

        var seen = bed.Broker.TrackedRequests();
        bed.Broker.ClearTrackedRequests();
        var afterClear = bed.Broker.TrackedRequests();
        bed.Broker.StopRequestTracking();

        var kinds = seen.Select(r => r.Api).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(kinds, Does.Contain(KafkaApiKey.Metadata).And.Contain(KafkaApiKey.Produce), string.Join(", ", kinds));
            Assert.That(kinds.IndexOf(KafkaApiKey.Metadata), Is.LessThan(kinds.IndexOf(KafkaApiKey.Produce)), "the client learns the leader before it produces");
            Assert.That(kinds, Does.Not.Contain(KafkaApiKey.InitProducerId), "a producer without idempotence gets no producer id");
            Assert.That(seen.Select(r => r.BrokerId), Is.All.EqualTo(1));
            Assert.That(seen.Select(r => r.ReceivedAtMicroseconds), Is.Ordered);
            Assert.That(afterClear.Where(r => r.Api == KafkaApiKey.Produce), Is.Empty);
        });
    }
}

[TestFixture]
public class When_pushed_request_errors_are_cleared
{
    [Test]
    public async Task Should_answer_the_next_request_normally()
    {
        using var bed = KafkaTestBed.Start();
        var producer = bed.Producer(c => c.MessageSendMaxRetries = 0);

        bed.Broker.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas);
        bed.Broker.ClearRequestErrors(KafkaApiKey.Produce);
        var delivered = await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "v" });

        Assert.That(delivered.Status, Is.EqualTo(PersistenceStatus.Persisted));
    }
}

[TestFixture]
public class When_a_partition_leader_moves
{
    private static readonly string[] Written = ["on broker 1", "on broker 2"];

    [Test]
    public async Task Should_let_an_idempotent_producer_follow_it_and_write_each_record_once()
    {
        using var bed = KafkaTestBed.Start(partitions: 1, brokers: 2);
        bed.Broker.SetPartitionLeader(bed.Topic, 0, 1);
        var producer = bed.Producer(c => { c.EnableIdempotence = true; c.Acks = Acks.All; });
        var before = await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "on broker 1" });

        bed.Broker.StartRequestTracking();
        bed.Broker.SetPartitionLeader(bed.Topic, 0, 2);
        var after = await producer.ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "on broker 2" });
        var produces = bed.Broker.TrackedRequests().Where(r => r.Api == KafkaApiKey.Produce).Select(r => r.BrokerId).ToList();
        bed.Broker.StopRequestTracking();
        var read = KafkaTestBed.Read(bed.Consumer(KafkaTestBed.UniqueName("group")), 3);

        Assert.Multiple(() =>
        {
            Assert.That(before.Offset.Value, Is.Zero);
            Assert.That(after.Offset.Value, Is.EqualTo(1));
            Assert.That(produces.LastOrDefault(), Is.EqualTo(2), "the record went to the new leader: " + string.Join(", ", produces));
            Assert.That(read.Select(r => r.Message.Value), Is.EqualTo(Written));
        });
    }
}

[TestFixture]
public class When_a_new_consumer_group_forms
{
    [Test]
    public async Task Should_assign_its_first_member_without_kafkas_initial_rebalance_delay()
    {
        using var bed = KafkaTestBed.Start();
        await bed.Producer().ProduceAsync(bed.Topic, new Message<string, string> { Key = "k", Value = "v" });

        var clock = Stopwatch.StartNew();
        var read = KafkaTestBed.Read(bed.Consumer(KafkaTestBed.UniqueName("group")), 1);

        Assert.That(read, Has.Count.EqualTo(1));
        // Kafka's and the mock's default delay is 3 s; joining, syncing and fetching take a fraction of that.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2.5)));
    }
}
