using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Orders.KafkaBroker.Embedded;

/// <summary>
/// The slice of librdkafka's C API (rdkafka.h, rdkafka_mock.h) that hosts a mock cluster.
/// </summary>
/// <remarks>
/// "librdkafka" is the name Confluent.Kafka imports first too, and .NET resolves both the same way: first the
/// application's native directories from its deps.json (runtimes/linux-x64/native/ for a portable build, where
/// build/Librdkafka.targets puts the package's glibc-only build under the name librdkafka.so), then the system's
/// library path. So both bind to the same file, and the mock cluster runs on the librdkafka the clients use
/// (<see cref="EmbeddedKafkaBroker.Start"/> checks). On Alpine, Confluent.Kafka loads alpine-librdkafka.so by
/// that name instead, which this import does not: the embedded broker is not supported there.
/// </remarks>
internal static partial class NativeMethods
{
    private const string Library = "librdkafka";

    internal const int ProducerType = 0; // RD_KAFKA_PRODUCER
    internal const int ConfigOk = 0; // RD_KAFKA_CONF_OK

    /// <summary>The packed version (0xMMmmrrpp) of the librdkafka this import bound to.</summary>
    [LibraryImport(Library)]
    internal static partial int rd_kafka_version();

    [LibraryImport(Library)]
    internal static partial nint rd_kafka_conf_new();

    [LibraryImport(Library)]
    internal static partial void rd_kafka_conf_destroy(nint conf);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int rd_kafka_conf_set(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    /// <remarks>Takes ownership of <paramref name="conf"/> only when it succeeds.</remarks>
    [LibraryImport(Library)]
    internal static unsafe partial nint rd_kafka_new(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_destroy(nint rk);

    // Returns a static string: marshalled by hand, because a generated string return would free it.
    [LibraryImport(Library)]
    private static partial nint rd_kafka_err2str(ErrorCode err);

    [LibraryImport(Library)]
    internal static partial nint rd_kafka_mock_cluster_new(nint rk, int brokerCount);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_cluster_destroy(nint cluster);

    // Returns a string the cluster owns: copied by hand for the same reason as rd_kafka_err2str.
    [LibraryImport(Library)]
    internal static partial nint rd_kafka_mock_cluster_bootstraps(MockClusterHandle cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ErrorCode rd_kafka_mock_topic_create(MockClusterHandle cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    internal static partial ErrorCode rd_kafka_mock_broker_set_down(MockClusterHandle cluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial ErrorCode rd_kafka_mock_broker_set_up(MockClusterHandle cluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial ErrorCode rd_kafka_mock_broker_set_rtt(MockClusterHandle cluster, int brokerId, int rttMs);

    /// <remarks>
    /// The array form of the variadic rd_kafka_mock_push_request_errors. Variadic C functions cannot be
    /// declared portably from .NET: on some ABIs (arm64 Apple) variadic arguments travel differently from
    /// fixed ones. That is also why the per-broker and per-partition error stacks (variadic only) are not used.
    /// </remarks>
    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_push_request_errors_array(MockClusterHandle cluster, short apiKey, nuint count, ErrorCode[] errors);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_clear_request_errors(MockClusterHandle cluster, short apiKey);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ErrorCode rd_kafka_mock_partition_set_leader(MockClusterHandle cluster, string topic, int partition, int brokerId);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(MockClusterHandle cluster, int delayMs);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_start_request_tracking(MockClusterHandle cluster);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_stop_request_tracking(MockClusterHandle cluster);

    /// <remarks>Returns copies the caller frees with <see cref="rd_kafka_mock_request_destroy_array"/> (null when there are none).</remarks>
    [LibraryImport(Library)]
    internal static unsafe partial nint* rd_kafka_mock_get_requests(MockClusterHandle cluster, out nuint count);

    [LibraryImport(Library)]
    internal static unsafe partial void rd_kafka_mock_request_destroy_array(nint* requests, nuint count);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_request_id(nint request);

    [LibraryImport(Library)]
    internal static partial short rd_kafka_mock_request_api_key(nint request);

    [LibraryImport(Library)]
    internal static partial long rd_kafka_mock_request_timestamp(nint request);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_clear_requests(MockClusterHandle cluster);

    internal static string ErrorText(ErrorCode error) =>
        Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? error.ToString();
}
