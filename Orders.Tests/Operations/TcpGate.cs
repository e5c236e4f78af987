using System.Net;
using System.Net.Sockets;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

/// <summary>
/// A loopback TCP forwarder in front of a real server (PostgreSQL) that a test can shut like a failing network:
/// <see cref="Shut"/> drops every connection and refuses new ones, <see cref="Open"/> lets them through again on
/// the same port, and <see cref="LoseAnswers"/> lets requests reach the server while its answers are lost.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();
    private volatile bool _losingAnswers;

    private TcpGate(int targetPort)
    {
        _targetPort = targetPort;
        Port = ApiProcess.FreeLoopbackPort();
    }

    public int Port { get; }

    public static TcpGate Start(int targetPort)
    {
        var gate = new TcpGate(targetPort);
        gate.Open();
        return gate;
    }

    public void Open()
    {
        lock (_gate)
        {
            _losingAnswers = false;
            if (_listener is not null)
                return;
            _stop = new CancellationTokenSource();
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _listener = listener;
            _ = AcceptAsync(listener, _stop.Token);
        }
    }

    /// <summary>From now on what clients send still reaches the server, but nothing the server answers reaches them (until <see cref="Open"/>).</summary>
    public void LoseAnswers() => _losingAnswers = true;

    /// <summary>Drops every connection through the gate and refuses new ones until <see cref="Open"/>.</summary>
    public void Shut()
    {
        lock (_gate)
        {
            _stop.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (var connection in _connections)
                connection.Dispose();
            _connections.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Shut();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_gate)
            {
                if (stop.IsCancellationRequested)
                {
                    inbound.Dispose();
                    outbound.Dispose();
                    return;
                }
                _connections.Add(inbound);
                _connections.Add(outbound);
            }
            _ = PumpAsync(inbound, outbound, answers: false, stop);
            _ = PumpAsync(outbound, inbound, answers: true, stop);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool answers, CancellationToken stop)
    {
        try
        {
            var buffer = new byte[81920];
            var source = from.GetStream();
            var target = to.GetStream();
            int read;
            while ((read = await source.ReadAsync(buffer, stop)) > 0)
            {
                if (!(answers && _losingAnswers))
                    await target.WriteAsync(buffer.AsMemory(0, read), stop);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The gate was shut, or one side hung up.
        }
        from.Dispose();
        to.Dispose();
    }
}
