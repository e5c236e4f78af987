using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Confluent.Kafka;
using Npgsql;
using Orders.Contracts.Topics;

namespace Orders.Benchmark.Chaos;

/// <summary>
/// The load of a chaos run: checkouts at a steady rate over the instances (an instance that does not answer, killed
/// meanwhile, is skipped for the next), their cancels, their shipments once paid, and rounds of poison records. Every
/// request and its answer goes to the history.
/// </summary>
public sealed class ChaosLoad(ChaosOptions options, ChaosHistory history, string runId) : IDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);
    private static readonly string[] InputTopics = [TopicNames.ProductResponses, TopicNames.PaymentResponses, TopicNames.Shipments];

    private readonly List<HttpClient> _clients = options.Apis.Select(a => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    })
    { BaseAddress = a, Timeout = TimeSpan.FromSeconds(10) }).ToList();

    private readonly IProducer<string, string> _producer = new ProducerBuilder<string, string>(new ProducerConfig
    {
        BootstrapServers = options.Kafka,
        EnableIdempotence = true,
        ReconnectBackoffMaxMs = 1000,
    }).SetLogHandler((_, _) => { }).Build();

    private readonly ConcurrentDictionary<string, bool> _toShip = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _accepted = [];
    private int _poison;

    public IReadOnlyCollection<string> Accepted => _accepted;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopShipping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var shipping = ShipPaidAsync(stopShipping.Token);
        var poisoning = PoisonAsync(cancellationToken);

        var started = new List<Task>();
        var origin = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / options.Rate;
        var count = (int)(options.Rate * options.Duration.TotalSeconds);
        for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), origin + (long)(i * interval));
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            var index = i;
            started.Add(Task.Run(() => CheckoutAsync(index), cancellationToken));
        }
        await Task.WhenAll(started).ConfigureAwait(false);
        await poisoning.ConfigureAwait(false);

        // Shipments go on while the run drains: a checkout paid late still ships.
        await WaitForShipmentsAsync(cancellationToken).ConfigureAwait(false);
        await stopShipping.CancelAsync().ConfigureAwait(false);
        try
        {
            await shipping.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _producer.Flush(TimeSpan.FromSeconds(30));
    }

    private async Task CheckoutAsync(int index)
    {
        var kind = CheckoutMix.KindOf(index);
        var requestId = $"chaos-{runId}-{index}";
        var user = 1 + index % 1000;
        var status = await SendAsync(index, requestId, user, HttpMethod.Post, "/orders/checkout", CheckoutMix.Body(requestId, kind)).ConfigureAwait(false);
        history.Write(new() { ["op"] = "post", ["id"] = requestId, ["kind"] = kind, ["status"] = status });
        if (status != 202)
            return;
        _accepted.Add(requestId);

        if (kind == CheckoutMix.Cancelled)
        {
            await Task.Delay(Random.Shared.Next(0, 1500)).ConfigureAwait(false);
            var cancelled = await SendAsync(index, requestId, user, HttpMethod.Post, $"/orders/checkout/{requestId}/cancel", null).ConfigureAwait(false);
            history.Write(new() { ["op"] = "cancel", ["id"] = requestId, ["status"] = cancelled });
        }
        else if (kind == CheckoutMix.Shipped)
        {
            _toShip[requestId] = false;
        }
    }

    /// <summary>Sends until answered by some instance with other than a 5xx, or until it gives up; returns the status (0: none).</summary>
    private async Task<int> SendAsync(int index, string requestId, int user, HttpMethod method, string path, string? body)
    {
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        var last = 0;
        while (clock.Elapsed < GiveUpAfter)
        {
            var client = _clients[(index + attempt++) % _clients.Count];
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.Add("X-UserId", user.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Email", $"user{user}@chaos.example");
            var pause = RetryPause;
            try
            {
                using var response = await client.SendAsync(request).ConfigureAwait(false);
                last = (int)response.StatusCode;
                // The requestId is an idempotency key: sending it again never starts a second checkout or a second cancel.
                if (response.StatusCode < HttpStatusCode.InternalServerError)
                    return last;
                if (response.Headers.RetryAfter?.Delta is { } retryAfter)
                    pause = retryAfter;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = 0;
            }
            history.Write(new() { ["op"] = "retry", ["id"] = requestId, ["path"] = path, ["status"] = last });
            await Task.Delay(pause).ConfigureAwait(false);
        }
        return last;
    }

    /// <summary>Every two seconds: the checkouts meant to ship that are Paid now get their shipment event.</summary>
    private async Task ShipPaidAsync(CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(options.Database);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            var waiting = _toShip.Where(p => !p.Value).Select(p => p.Key).ToArray();
            if (waiting.Length == 0)
                continue;
            List<string> paid = [];
            try
            {
                await using var command = database.CreateCommand("SELECT request_id FROM checkout_sagas WHERE current_state = 'Paid' AND request_id = ANY(@ids)");
                command.Parameters.AddWithValue("ids", waiting);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    paid.Add(reader.GetString(0));
            }
            catch (NpgsqlException)
            {
                // PostgreSQL is down (an injected outage): ask again next round.
                continue;
            }
            foreach (var id in paid)
            {
                _toShip[id] = true;
                var value = $$"""{"requestId":"{{id}}","shippedAt":"{{DateTimeOffset.UtcNow:O}}"}""";
                _ = ProduceAsync(TopicNames.Shipments, id, value, MessageTypes.ShipmentStarted, "ship");
            }
        }
    }

    private async Task WaitForShipmentsAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        await using var database = NpgsqlDataSource.Create(options.Database);
        while (deadline.Elapsed < options.Drain && !cancellationToken.IsCancellationRequested)
        {
            var waiting = _toShip.Where(p => !p.Value).Select(p => p.Key).ToArray();
            if (waiting.Length == 0)
                return;
            try
            {
                // Those that will never be Paid (timed out, say) need no shipment.
                await using var command = database.CreateCommand(
                    "SELECT count(*) FROM checkout_sagas WHERE request_id = ANY(@ids) AND current_state IN ('Pricing','AwaitingPayment','Paid')");
                command.Parameters.AddWithValue("ids", waiting);
                if ((long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
                    return;
            }
            catch (NpgsqlException)
            {
            }
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A round of poison per <see cref="ChaosOptions.PoisonEvery"/>: on each input topic, JSON that does not parse or an answer for no checkout.</summary>
    private async Task PoisonAsync(CancellationToken cancellationToken)
    {
        var end = Stopwatch.StartNew();
        while (end.Elapsed + options.PoisonEvery <= options.Duration && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.PoisonEvery, cancellationToken).ConfigureAwait(false);
            foreach (var topic in InputTopics)
            {
                var n = Interlocked.Increment(ref _poison);
                var key = $"poison-{runId}-{n}";
                var value = n % 2 == 0 ? "{not json" : $$"""{"requestId":"{{key}}","success":true,"transactionId":"txn-{{key}}","currency":"USD","items":[],"shippedAt":"2026-01-01T00:00:00Z"}""";
                var type = topic switch
                {
                    TopicNames.PaymentResponses => MessageTypes.PaymentResponse,
                    TopicNames.Shipments => MessageTypes.ShipmentStarted,
                    _ => null,
                };
                await ProduceAsync(topic, key, value, type, "poison").ConfigureAwait(false);
            }
        }
    }

    private async Task ProduceAsync(string topic, string key, string value, string? messageType, string op)
    {
        var message = new Message<string, string> { Key = key, Value = value, Headers = [] };
        if (messageType is not null)
            message.Headers.Add(MessageHeaders.MessageType, Encoding.UTF8.GetBytes(messageType));
        try
        {
            var delivered = await _producer.ProduceAsync(topic, message).ConfigureAwait(false);
            history.Write(new() { ["op"] = op, ["id"] = key, ["topic"] = topic, ["partition"] = delivered.Partition.Value, ["offset"] = delivered.Offset.Value });
        }
        catch (ProduceException<string, string> ex)
        {
            history.Write(new() { ["op"] = op + "-failed", ["id"] = key, ["topic"] = topic, ["error"] = ex.Error.Reason });
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
            client.Dispose();
        _producer.Dispose();
    }
}
