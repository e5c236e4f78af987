using Microsoft.Win32.SafeHandles;

namespace Orders.KafkaBroker.Embedded;

/// <summary>
/// Owns a mock cluster and the rd_kafka_t handle that hosts it, and releases them in that order.
/// </summary>
/// <remarks>
/// A SafeHandle because its reference count keeps the cluster alive while a P/Invoke call is
/// using it, so a Dispose racing a fault-injection call cannot free memory under it, and because
/// it releases exactly once however often it is disposed. Its finalizer is only a backstop.
/// </remarks>
internal sealed class MockClusterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint _host;

    internal MockClusterHandle(nint cluster, nint host)
        : base(ownsHandle: true)
    {
        SetHandle(cluster);
        _host = host;
    }

    protected override bool ReleaseHandle()
    {
        // The cluster keeps a pointer to its host handle, so it goes first.
        NativeMethods.rd_kafka_mock_cluster_destroy(handle);
        NativeMethods.rd_kafka_destroy(_host);
        return true;
    }
}
