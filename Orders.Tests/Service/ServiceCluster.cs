using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orders.Tests.Operations;
using Orders.Tests.Support;

namespace Orders.Tests.Service;

/// <summary>
/// Several instances of the service, each a process of its own, on one PostgreSQL database and one broker (one
/// consumer group), as a scaled-out deployment runs them. The first instance migrates the database; the others start
/// once it answers. Checkouts are sent to the instances in turn, and to the next live one when an instance is gone.
/// </summary>
public sealed class ServiceCluster : IAsyncDisposable
{
    public const int Partitions = 6;

    /// <summary>Every partition of the three saga topics, as /diagnostics/work names them.</summary>
    public static readonly IReadOnlyList<string> SagaPartitions =
        [.. new[] { "payment-responses", "product-responses", "shipments" }.SelectMany(t => Enumerable.Range(0, Partitions).Select(p => $"{t}[{p}]")).Order(StringComparer.Ordinal)];

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private readonly List<ApiProcess> _instances = [];
    private readonly Dictionary<ApiProcess, HttpClient> _clients = [];
    private readonly Dictionary<string, string?> _settings;
    private int _next;

    private ServiceCluster(PostgresTestDatabase database, ServiceBroker broker, Dictionary<string, string?> settings)
    {
        Database = database;
        Broker = broker;
        _settings = settings;
    }

    public PostgresTestDatabase Database { get; }
    public ServiceBroker Broker { get; }

    /// <summary>The instances that were not killed, oldest first.</summary>
    public IReadOnlyList<ApiProcess> Live => _instances;

    /// <summary>Starts <paramref name="instances"/> instances with the service's settings for the database and broker, changed by <paramref name="configure"/>.</summary>
    public static async Task<ServiceCluster> StartAsync(int instances, Action<Dictionary<string, string?>>? configure = null)
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var broker = ServiceBroker.Start(Partitions);
        var settings = ServiceSettings.For(database.ConnectionString, broker);
        settings["Kafka__Client__heartbeat.interval.ms"] = "1000";
        configure?.Invoke(settings);
        var cluster = new ServiceCluster(database, broker, settings);
        try
        {
            await cluster.AddAsync(migrate: true);
            await Task.WhenAll(Enumerable.Range(1, instances - 1).Select(_ => cluster.AddAsync()));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>One more instance (it does not migrate: the first one did).</summary>
    public async Task<ApiProcess> AddAsync(bool migrate = false)
    {
        var settings = new Dictionary<string, string?>(_settings) { [ServiceSettings.MigrateOnStart] = migrate ? "true" : "false" };
        var instance = await ApiProcess.StartAsync(settings);
        lock (_instances)
        {
            _instances.Add(instance);
            _clients[instance] = new HttpClient { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        }
        return instance;
    }

    /// <summary>Kills an instance with SIGKILL, as kill -9 does; returns what it had written.</summary>
    public string Kill(ApiProcess instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_instances)
            _instances.Remove(instance);
        instance.Kill();
        return instance.Output;
    }

    /// <summary>What each live instance holds of the work now (GET /diagnostics/work).</summary>
    public async Task<IReadOnlyList<InstanceWork>> WorkAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var live = Snapshot();
        var work = new List<InstanceWork>();
        foreach (var instance in live)
        {
            var json = await http.GetFromJsonAsync<JsonElement>(new Uri(instance.BaseAddress, "/diagnostics/work"));
            work.Add(new InstanceWork(
                instance,
                json.GetProperty("partitions").EnumerateArray().Select(p => p.GetString()!).ToList(),
                json.GetProperty("outboxShards").EnumerateArray().Select(s => s.GetInt16()).ToList()));
        }
        return work;
    }

    /// <summary>What each live instance's /metrics shows now, in the order of <see cref="Live"/>.</summary>
    public async Task<IReadOnlyList<PrometheusText>> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = new List<PrometheusText>();
        foreach (var instance in Snapshot())
            metrics.Add(PrometheusText.Parse(await http.GetStringAsync(new Uri(instance.BaseAddress, "/metrics"))));
        return metrics;
    }

    /// <summary>
    /// Waits until the live instances share the work: every saga partition read by exactly one of them and each reading
    /// some, the 16 outbox shards held once each and each holding some. Returns how long that took.
    /// </summary>
    public async Task<TimeSpan> WaitForSharedWorkAsync(TimeSpan? timeout = null)
    {
        var started = DateTime.UtcNow;
        IReadOnlyList<InstanceWork> work = [];
        while (DateTime.UtcNow - started < (timeout ?? Settle))
        {
            work = await WorkAsync();
            var partitions = work.SelectMany(w => w.Partitions).Order(StringComparer.Ordinal).ToList();
            var shards = work.SelectMany(w => w.OutboxShards).Order().ToList();
            if (partitions.SequenceEqual(SagaPartitions) && shards.SequenceEqual(Enumerable.Range(0, 16).Select(s => (short)s))
                && work.All(w => w.Partitions.Count > 0 && w.OutboxShards.Count > 0))
                return DateTime.UtcNow - started;
            await Task.Delay(250);
        }
        Assert.Fail($"The instances did not share the work within {(timeout ?? Settle).TotalSeconds} s: {string.Join("; ", work)}");
        return TimeSpan.Zero;
    }

    /// <summary>
    /// Starts the checkout on the instance whose turn it is, or, when that one cannot take it (gone, refusing), on the
    /// next live one: the requestId makes sending it again safe. Returns the instance that accepted it, or null.
    /// </summary>
    public async Task<ApiProcess?> CheckoutAsync(string requestId, long userId, (int ProductId, int Quantity) line)
    {
        var until = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < until)
        {
            var live = Snapshot();
            if (live.Count == 0)
                return null;
            var instance = live[(int)((uint)Interlocked.Increment(ref _next) % live.Count)];
            try
            {
                var response = await CallerOn(instance, userId).CheckoutAsync(requestId, line);
                if (response.Status == HttpStatusCode.Accepted)
                    return instance;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // That instance is gone (or died under the request): the next one gets it.
            }
            await Task.Delay(50);
        }
        return null;
    }

    /// <summary>The checkout's state once final, asked of any live instance.</summary>
    public async Task<string?> FinalStateAsync(string requestId, long userId)
    {
        var until = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < until)
        {
            foreach (var instance in Snapshot())
            {
                try
                {
                    var response = await CallerOn(instance, userId).GetCheckoutAsync(requestId);
                    if (response.Status == HttpStatusCode.OK && ApiCaller.FinalStates.Contains(response["state"]))
                        return response["state"];
                    break;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                }
            }
            await Task.Delay(100);
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Snapshot())
            await instance.DisposeAsync();
        lock (_instances)
        {
            foreach (var client in _clients.Values)
                client.Dispose();
        }
        Broker.Dispose();
        await Database.DisposeAsync();
    }

    private ApiCaller CallerOn(ApiProcess instance, long userId)
    {
        lock (_instances)
            return new ApiCaller(_clients[instance], userId, $"user{userId}@example.com");
    }

    private List<ApiProcess> Snapshot()
    {
        lock (_instances)
            return [.. _instances];
    }
}

/// <summary>One instance's share of the work.</summary>
public sealed record InstanceWork(ApiProcess Instance, IReadOnlyList<string> Partitions, IReadOnlyList<short> OutboxShards)
{
    public override string ToString() => $"{Instance.BaseAddress}: {Partitions.Count} partition(s), shards [{string.Join(",", OutboxShards)}]";
}
