using System.Text.Json.Nodes;
using Npgsql;
using Orders.Contracts;
using Orders.Contracts.Topics;

namespace Orders.Benchmark.Chaos;

/// <summary>
/// The offline check of a chaos run, from its history file, its faults file and the database: every accepted checkout
/// ended in a final state; no order, payment request, refund request or order.created twice; every checkout's order
/// events in order; the outbox drained; dead letters exactly the injected poison. Returns the figures as one JSON object.
/// </summary>
public static class ChaosCheck
{
    /// <summary>Fault windows count on until this long after a fault ends, for the latency "outside faults".</summary>
    public static readonly TimeSpan Aftermath = TimeSpan.FromSeconds(10);

    private static readonly string[] FinalStates = ["Paid", "Shipped", "Rejected", "PaymentFailed", "TimedOut", "Cancelled", "RefundFailed"];

    /// <summary>Order events by when they may come in a checkout's life: an event never follows one of a later rank.</summary>
    private static readonly Dictionary<string, int> Rank = new(StringComparer.Ordinal)
    {
        [OrderEventTypes.Created] = 0,
        [OrderEventTypes.Paid] = 1, [OrderEventTypes.PaymentFailed] = 1, [OrderEventTypes.TimedOut] = 1,
        [OrderEventTypes.Shipped] = 2, [OrderEventTypes.Cancelled] = 2,
        [OrderEventTypes.Refunded] = 3,
    };

    public static async Task<JsonObject> RunAsync(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var posts = new Dictionary<string, (string Kind, int Status)>(StringComparer.Ordinal);
        var poison = new HashSet<string>(StringComparer.Ordinal);
        var retries = 0;
        var records = new Dictionary<(string Topic, string Id), List<(int Partition, long Offset, string? Type, string? Mid)>>();
        foreach (var entry in ChaosHistory.Read(options.History))
        {
            switch (entry.GetProperty("op").GetString())
            {
                case "post":
                    posts[entry.GetProperty("id").GetString()!] = (entry.GetProperty("kind").GetString()!, entry.GetProperty("status").GetInt32());
                    break;
                case "retry":
                    retries++;
                    break;
                case "poison":
                    poison.Add(entry.GetProperty("id").GetString()!);
                    break;
                case "record" when entry.GetProperty("id").GetString() is { } id:
                    var key = (entry.GetProperty("topic").GetString()!, id);
                    if (!records.TryGetValue(key, out var list))
                        records[key] = list = [];
                    list.Add((entry.GetProperty("partition").GetInt32(), entry.GetProperty("offset").GetInt64(),
                        entry.GetProperty("type").GetString(), entry.GetProperty("mid").GetString()));
                    break;
            }
        }
        var accepted = posts.Where(p => p.Value.Status == 202).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var faults = ChaosFault.Read(options.Faults);

        await using var database = NpgsqlDataSource.Create(options.Database);
        var states = await PairsAsync(database, "SELECT request_id, current_state FROM checkout_sagas").ConfigureAwait(false);
        var lost = accepted.Count(id => !states.TryGetValue(id, out var state) || !FinalStates.Contains(state));
        var twiceInDatabase = new JsonObject
        {
            ["orders"] = await CountAsync(database, "SELECT count(*) FROM (SELECT request_id FROM orders GROUP BY request_id HAVING count(*) > 1) t").ConfigureAwait(false),
            ["payment_requests"] = await OutboxTwiceAsync(database, "message_type LIKE 'Orders.Contracts.PaymentRequestEvent,%'").ConfigureAwait(false),
            ["refund_requests"] = await OutboxTwiceAsync(database, "message_type LIKE 'Orders.Contracts.RefundRequestEvent,%'").ConfigureAwait(false),
            ["order_created"] = await OutboxTwiceAsync(database, "message_type LIKE 'Orders.Contracts.OrderLifecycleEvent,%' AND body::jsonb ->> 'type' = 'order.created'").ConfigureAwait(false),
        };
        var twiceOnTopics = new JsonObject
        {
            ["payment_requests"] = TwiceOnTopic(records, TopicNames.PaymentRequests, MessageTypes.PaymentRequest),
            ["refund_requests"] = TwiceOnTopic(records, TopicNames.PaymentRequests, MessageTypes.RefundRequest),
            ["order_created"] = TwiceOnTopic(records, TopicNames.Orders, OrderEventTypes.Created),
        };
        var twice = Sum(twiceInDatabase) + Sum(twiceOnTopics);
        var outOfOrder = records.Where(r => r.Key.Topic == TopicNames.Orders).Count(r => !InOrder(r.Value));
        var undelivered = await CountAsync(database, """
            SELECT count(*) FROM outbox_messages m JOIN outbox_shards s ON s.shard = m.shard
            WHERE (m.tx, m.id) > (s.delivered_tx, s.delivered_id)
            """).ConfigureAwait(false);

        var deadLetters = await ListAsync(database, "SELECT coalesce(request_id, '') FROM dead_letters").ConfigureAwait(false);
        var deadLetterKeys = deadLetters.ToHashSet(StringComparer.Ordinal);
        var deadLetterFigures = new JsonObject
        {
            ["injected"] = poison.Count,
            ["recorded"] = deadLetters.Count,
            ["missing"] = poison.Count(p => !deadLetterKeys.Contains(p)),
            ["unexpected"] = deadLetters.Count(d => !poison.Contains(d)),
            ["twice"] = deadLetters.GroupBy(d => d, StringComparer.Ordinal).Count(g => g.Count() > 1),
            ["on_topic"] = records.Count(r => r.Key.Topic == TopicNames.DeadLetter),
        };

        var ends = await EndsAsync(database).ConfigureAwait(false);
        var windows = faults.Select(f => (f.Start, End: f.End + (long)Aftermath.TotalMilliseconds)).ToList();
        var inAll = new Latencies(ends.Values.Where(e => e.Final is not null).Select(e => (double)(e.Final!.Value - e.Created)));
        var outside = new Latencies(ends.Values.Where(e => e.Final is { } final && !windows.Any(w => e.Created < w.End && final > w.Start))
            .Select(e => (double)(e.Final!.Value - e.Created)));
        var recoveries = faults.Select(f => Recovery(f, ends.Values)).ToList();

        var ok = accepted.Count > 0 && lost == 0 && twice == 0 && outOfOrder == 0 && undelivered == 0
            && (int)deadLetterFigures["missing"]! == 0 && (int)deadLetterFigures["unexpected"]! == 0 && (int)deadLetterFigures["twice"]! == 0;
        return new JsonObject
        {
            ["ok"] = ok,
            ["checkouts"] = posts.Count,
            ["accepted"] = accepted.Count,
            ["not_accepted"] = posts.Count - accepted.Count,
            ["http_retries"] = retries,
            ["lost"] = lost,
            ["twice"] = twice,
            ["twice_in_database"] = twiceInDatabase,
            ["twice_on_topics"] = twiceOnTopics,
            ["out_of_order"] = outOfOrder,
            ["outbox_undelivered"] = undelivered,
            ["dead_letters"] = deadLetterFigures,
            ["states"] = new JsonObject(accepted.Where(states.ContainsKey).GroupBy(id => states[id]).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))),
            ["kinds"] = new JsonObject(posts.Values.GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))),
            ["faults"] = new JsonObject(faults.GroupBy(f => f.Kind).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count())).Append(KeyValuePair.Create("poison", (JsonNode?)poison.Count))),
            ["latency_ms"] = new JsonObject
            {
                ["p50_all"] = Round(inAll.Percentile(50)),
                ["p99_all"] = Round(inAll.Percentile(99)),
                ["p50_outside_faults"] = Round(outside.Percentile(50)),
                ["p99_outside_faults"] = Round(outside.Percentile(99)),
                ["outside_faults_count"] = outside.Count,
            },
            ["recovery_s"] = new JsonArray(recoveries.Select(r => (JsonNode?)Math.Round(r, 1)).ToArray()),
            ["recovery_max_s"] = recoveries.Count == 0 ? 0 : Math.Round(recoveries.Max(), 1),
        };
    }

    /// <summary>How long after the fault ended the last checkout that was in flight then reached its final state.</summary>
    private static double Recovery(ChaosFault fault, IEnumerable<(long Created, long? Final)> ends)
    {
        var last = ends.Where(e => e.Created < fault.End && (e.Final is null || e.Final > fault.End)).Select(e => e.Final ?? fault.End).DefaultIfEmpty(fault.End).Max();
        return (last - fault.End) / 1000.0;
    }

    private static bool InOrder(List<(int Partition, long Offset, string? Type, string? Mid)> events)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rank = -1;
        foreach (var e in events.OrderBy(e => e.Partition).ThenBy(e => e.Offset))
        {
            // A relayed copy (same message id) repeats an event already placed.
            if (e.Mid is not null && !seen.Add(e.Mid))
                continue;
            var next = e.Type is not null && Rank.TryGetValue(e.Type, out var r) ? r : rank;
            if (next < rank)
                return false;
            rank = next;
        }
        return true;
    }

    private static long TwiceOnTopic(Dictionary<(string Topic, string Id), List<(int Partition, long Offset, string? Type, string? Mid)>> records, string topic, string type) =>
        records.Where(r => r.Key.Topic == topic).LongCount(r => r.Value.Where(e => e.Type == type).Select(e => e.Mid).Distinct().Count() > 1);

    private static long Sum(JsonObject counts) => counts.Sum(c => c.Value!.GetValue<long>());

    private static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value);

    private static Task<long> OutboxTwiceAsync(NpgsqlDataSource database, string condition) =>
        CountAsync(database, $"SELECT count(*) FROM (SELECT request_id FROM outbox_messages WHERE {condition} GROUP BY request_id HAVING count(*) > 1) t");

    private static async Task<long> CountAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }

    private static async Task<List<string>> ListAsync(NpgsqlDataSource database, string sql)
    {
        var values = new List<string>();
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
            values.Add(reader.GetString(0));
        return values;
    }

    private static async Task<Dictionary<string, string>> PairsAsync(NpgsqlDataSource database, string sql)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
            pairs[reader.GetString(0)] = reader.GetString(1);
        return pairs;
    }

    /// <summary>Each checkout's start (entering Pricing) and first final state, in Unix milliseconds, from its timeline.</summary>
    private static async Task<Dictionary<string, (long Created, long? Final)>> EndsAsync(NpgsqlDataSource database)
    {
        var ends = new Dictionary<string, (long, long?)>(StringComparer.Ordinal);
        var finals = string.Join(",", FinalStates.Select(s => $"'{s}'"));
        await using var command = database.CreateCommand($"""
            SELECT request_id,
                   (extract(epoch FROM min(at) FILTER (WHERE state = 'Pricing')) * 1000)::bigint,
                   (extract(epoch FROM min(at) FILTER (WHERE state IN ({finals}))) * 1000)::bigint
            FROM checkout_timeline GROUP BY request_id
            """);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (!reader.IsDBNull(1))
                ends[reader.GetString(0)] = (reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
        }
        return ends;
    }
}
