namespace Orders.Benchmark;

/// <summary>The service instances a run drives: an HTTP client and a <see cref="ServiceMonitor"/> each, in the order of the options.</summary>
public sealed class ServiceInstances : IDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly List<ServiceMonitor> _monitors = [];

    public ServiceInstances(BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var i = 0; i < options.Apis.Count; i++)
        {
            var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = options.Rate is null ? options.Concurrency : int.MaxValue,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            })
            {
                BaseAddress = options.Apis[i],
                Timeout = TimeSpan.FromSeconds(30),
            };
            _clients.Add(http);
            _monitors.Add(new ServiceMonitor(options.ServicePids[i], http));
        }
    }

    public IReadOnlyList<HttpClient> Clients => _clients;

    public IReadOnlyList<ServiceMonitor> Monitors => _monitors;

    /// <summary>Every instance's runtime figures now, in order.</summary>
    public async Task<IReadOnlyList<RuntimeFigures>> RuntimeAsync() =>
        await Task.WhenAll(_monitors.Select(m => m.RuntimeAsync())).ConfigureAwait(false);

    public void Dispose()
    {
        foreach (var monitor in _monitors)
            monitor.Dispose();
        foreach (var client in _clients)
            client.Dispose();
    }
}
