using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Orders.KafkaBroker.Embedded;

/// <summary>
/// A Kafka-protocol broker inside this process: librdkafka's mock cluster, listening on loopback
/// ports that any Kafka client can use, with fault injection for failure tests.
/// </summary>
/// <remarks>
/// Topics, records and committed offsets live in this process's memory and go with
/// <see cref="Dispose"/>; each start listens on new random ports. Broker ids run from 1 to the
/// broker count. Dispose it: that stops the brokers and frees the native memory. A new consumer
/// group forms at once (<see cref="GroupInitialRebalanceDelay"/>), not after Kafka's 3 s.
/// </remarks>
public sealed class EmbeddedKafkaBroker : IDisposable
{
    /// <summary>Broker id that makes a fault control apply to every broker.</summary>
    public const int AllBrokers = -1;

    /// <summary>
    /// How long a new consumer group waits for more members before its first assignment (Kafka's
    /// group.initial.rebalance.delay.ms, 3 s by default, and the mock's). On one machine, for trials and tests,
    /// the members that come are already there: waiting only delays the first records of every service start.
    /// </summary>
    public static readonly TimeSpan GroupInitialRebalanceDelay = TimeSpan.Zero;

    private const int ErrorTextSize = 512;

    private readonly MockClusterHandle _cluster;

    private EmbeddedKafkaBroker(MockClusterHandle cluster, string bootstrapServers, int brokerCount)
    {
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        BrokerCount = brokerCount;
    }

    /// <summary>Comma-separated 127.0.0.1:port list, one entry per broker.</summary>
    public string BootstrapServers { get; }

    public int BrokerCount { get; }

    public static EmbeddedKafkaBroker Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        RequireClientsLibrdkafka();

        var host = CreateHost();
        var cluster = NativeMethods.rd_kafka_mock_cluster_new(host, brokers);
        if (cluster == 0)
        {
            NativeMethods.rd_kafka_destroy(host);
            throw new KafkaException(new Error(ErrorCode.Local_Fail, "librdkafka could not start a mock cluster."));
        }

        var handle = new MockClusterHandle(cluster, host);
        var bootstraps = Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_mock_cluster_bootstraps(handle));
        if (string.IsNullOrEmpty(bootstraps))
        {
            handle.Dispose();
            throw new KafkaException(new Error(ErrorCode.Local_Fail, "The mock cluster reported no bootstrap servers."));
        }

        NativeMethods.rd_kafka_mock_group_initial_rebalance_delay_ms(handle, (int)GroupInitialRebalanceDelay.TotalMilliseconds);
        return new EmbeddedKafkaBroker(handle, bootstraps, brokers);
    }

    /// <remarks>
    /// The mock would accept a <paramref name="replicationFactor"/> larger than the cluster, which a real
    /// broker refuses; so it is checked here.
    /// </remarks>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        ThrowIfDisposed();

        Check(NativeMethods.rd_kafka_mock_topic_create(_cluster, name, partitions, replicationFactor),
            $"create topic '{name}' ({partitions} partitions, replication factor {replicationFactor})");
    }

    /// <summary>Drops the broker's connections and refuses new ones. Partition leaders stay put.</summary>
    public void SetBrokerDown(int brokerId)
    {
        ThrowIfDisposed();
        Check(NativeMethods.rd_kafka_mock_broker_set_down(_cluster, brokerId), $"set broker {brokerId} down");
    }

    public void SetBrokerUp(int brokerId)
    {
        ThrowIfDisposed();
        Check(NativeMethods.rd_kafka_mock_broker_set_up(_cluster, brokerId), $"set broker {brokerId} up");
    }

    /// <summary>Delays every response of the broker by <paramref name="rtt"/>.</summary>
    public void SetBrokerLatency(int brokerId, TimeSpan rtt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtt, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rtt, TimeSpan.FromMilliseconds(int.MaxValue));
        ThrowIfDisposed();

        Check(NativeMethods.rd_kafka_mock_broker_set_rtt(_cluster, brokerId, (int)rtt.TotalMilliseconds),
            $"set the latency of broker {brokerId}");
    }

    /// <summary>
    /// Makes the next requests of kind <paramref name="api"/>, on any broker, fail with
    /// <paramref name="errors"/>, one error per request, in order.
    /// </summary>
    /// <remarks><see cref="ErrorCode.Local_Transport"/> makes the broker drop the connection instead.</remarks>
    public void PushRequestErrors(KafkaApiKey api, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ThrowIfDisposed();

        NativeMethods.rd_kafka_mock_push_request_errors_array(_cluster, (short)api, (nuint)errors.Length, errors);
    }

    /// <summary>Forgets the errors pushed for <paramref name="api"/> that no request has used up yet.</summary>
    public void ClearRequestErrors(KafkaApiKey api)
    {
        ThrowIfDisposed();
        NativeMethods.rd_kafka_mock_clear_request_errors(_cluster, (short)api);
    }

    /// <summary>
    /// Makes <paramref name="brokerId"/> the leader of the partition, as a broker failover or a reassignment
    /// would: clients learn it from a NOT_LEADER answer and a metadata refresh.
    /// </summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ThrowIfDisposed();
        Check(NativeMethods.rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId),
            $"make broker {brokerId} the leader of {topic}[{partition}]");
    }

    /// <summary>Records every request the brokers receive from now on (and forgets those recorded before).</summary>
    /// <remarks>The brokers do not know which client sent a request: track while only the client in question talks to them.</remarks>
    public void StartRequestTracking()
    {
        ThrowIfDisposed();
        NativeMethods.rd_kafka_mock_start_request_tracking(_cluster);
    }

    /// <summary>Stops recording requests and forgets those recorded.</summary>
    public void StopRequestTracking()
    {
        ThrowIfDisposed();
        NativeMethods.rd_kafka_mock_stop_request_tracking(_cluster);
    }

    /// <summary>The requests received since tracking started (or was cleared), in the order they arrived.</summary>
    public unsafe IReadOnlyList<BrokerRequest> TrackedRequests()
    {
        ThrowIfDisposed();
        var requests = NativeMethods.rd_kafka_mock_get_requests(_cluster, out var count);
        if (requests is null)
            return [];
        try
        {
            var list = new BrokerRequest[(int)count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = new BrokerRequest(
                    NativeMethods.rd_kafka_mock_request_id(requests[i]),
                    (KafkaApiKey)NativeMethods.rd_kafka_mock_request_api_key(requests[i]),
                    NativeMethods.rd_kafka_mock_request_timestamp(requests[i]));
            }
            return list;
        }
        finally
        {
            NativeMethods.rd_kafka_mock_request_destroy_array(requests, count);
        }
    }

    /// <summary>Forgets the requests recorded so far; tracking goes on.</summary>
    public void ClearTrackedRequests()
    {
        ThrowIfDisposed();
        NativeMethods.rd_kafka_mock_clear_requests(_cluster);
    }

    /// <summary>Stops the brokers and frees the cluster; safe to call more than once.</summary>
    /// <remarks>
    /// Can block for a second or two: rd_kafka_mock_cluster_destroy waits for librdkafka's mock
    /// thread, which notices the request on one of its periodic wake-ups.
    /// </remarks>
    public void Dispose() => _cluster.Dispose();

    /// <summary>
    /// The mock cluster must run on the librdkafka the clients use: a second copy (an OS library found by name when
    /// the shipped one did not load for this import) would be a broker of another version than the one tested.
    /// </summary>
    private static void RequireClientsLibrdkafka()
    {
        var clients = Library.Version;
        var mine = NativeMethods.rd_kafka_version();
        if (mine != clients)
        {
            throw new KafkaException(new Error(ErrorCode.Local_Fail,
                $"The embedded broker bound librdkafka {ShippedLibrdkafka.Unpack(mine)}, the Kafka clients {ShippedLibrdkafka.Unpack(clients)}: two copies of librdkafka are loaded (see docs/kafka.md, Kafka client)."));
        }
    }

    private static unsafe nint CreateHost()
    {
        // The mock cluster needs an rd_kafka_t for its bookkeeping; a producer with no bootstrap
        // servers never connects anywhere, so it costs a few idle threads.
        var conf = NativeMethods.rd_kafka_conf_new();
        var errorText = stackalloc byte[ErrorTextSize];

        // Quiets the host's notice that it has no bootstrap servers; errors still show.
        if (NativeMethods.rd_kafka_conf_set(conf, "log_level", "3", errorText, ErrorTextSize) != NativeMethods.ConfigOk)
        {
            NativeMethods.rd_kafka_conf_destroy(conf);
            throw new KafkaException(new Error(ErrorCode.Local_InvalidArg, Text(errorText)));
        }

        var host = NativeMethods.rd_kafka_new(NativeMethods.ProducerType, conf, errorText, ErrorTextSize);
        if (host == 0)
        {
            NativeMethods.rd_kafka_conf_destroy(conf);
            throw new KafkaException(new Error(ErrorCode.Local_Fail, $"librdkafka could not create the mock cluster's host handle: {Text(errorText)}"));
        }

        return host;
    }

    private static unsafe string Text(byte* errorText) =>
        Marshal.PtrToStringUTF8((nint)errorText) ?? string.Empty;

    private static void Check(ErrorCode error, string action)
    {
        if (error != ErrorCode.NoError)
        {
            throw new KafkaException(new Error(error, $"The embedded broker could not {action}: {NativeMethods.ErrorText(error)}"));
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
}
