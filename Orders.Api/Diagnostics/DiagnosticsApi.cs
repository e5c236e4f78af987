using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orders.Kafka.Client;
using Orders.Kafka.Configuration;
using Orders.Kafka.Consuming;
using Orders.KafkaBroker.Hosting;
using Orders.Persistence.Diagnostics;
using Orders.Persistence.Outbox;

namespace Orders.Api.Diagnostics;

/// <summary>What an operator needs to look at the service's surroundings by hand.</summary>
public static class DiagnosticsApi
{
    public static RouteGroupBuilder MapDiagnosticsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/diagnostics").WithTags("Diagnostics");

        api.MapGet("/kafka", GetKafka)
            .WithName("GetKafkaDiagnostics")
            .WithSummary("Where the service reaches Kafka, and with which client")
            .WithDescription(
                "The bootstrap servers (in embedded mode, the embedded broker's address), the consumer group and the topic " +
                "names in use, with a kcat command that lists the topics, and the Kafka client: the Confluent.Kafka and librdkafka " +
                "versions and the librdkafka file loaded. Client settings are never shown: they may hold credentials.");

        api.MapGet("/runtime", GetRuntime)
            .WithName("GetRuntimeDiagnostics")
            .WithSummary("The service process's garbage collections, memory, threads, JIT, database round trips and saga batches")
            .WithDescription(
                "Since the process started: garbage collections per generation and total GC pause, methods JIT-compiled and the " +
                "time it took, commands sent to PostgreSQL and transactions committed, batches taken through the saga and the " +
                "messages in them; and now: managed heap size, working set and its peak, threads and processors. The benchmark " +
                "(Orders.Benchmark) reads it before and after its run.");

        api.MapGet("/work", GetWork)
            .WithName("GetWorkDiagnostics")
            .WithSummary("The share of the work this instance holds")
            .WithDescription(
                "The saga topics' partitions this instance's consumer reads now (the consumer group shares them between the " +
                "instances), the outbox shards its relay delivers (the relays alive share the 16 shards on leases), and how " +
                "many relays are alive. With several instances, each one's answer shows how the work is spread.");

        return api;
    }

    public static Ok<WorkDiagnosticsResponse> GetWork(SagaTopicEndpoint consumer, OutboxShardLeases leases) =>
        TypedResults.Ok(new WorkDiagnosticsResponse(
            leases.RelayId,
            consumer.AssignedPartitions.Select(p => $"{p.Topic}[{p.Partition.Value}]").Order(StringComparer.Ordinal).ToList(),
            leases.Held,
            leases.Relays));

    public static Ok<RuntimeDiagnosticsResponse> GetRuntime(DatabaseRoundTrips database) => TypedResults.Ok(RuntimeDiagnosticsResponse.Now(database));

    public static Ok<KafkaDiagnosticsResponse> GetKafka(IOptions<KafkaOptions> options, IServiceProvider services)
    {
        var kafka = options.Value;
        return TypedResults.Ok(new KafkaDiagnosticsResponse(
            kafka.BootstrapServers,
            services.GetService<InProcessKafkaBroker>() is not null,
            kafka.GroupId,
            kafka.Topics.BySetting().ToDictionary(t => t.Key, t => t.Value),
            $"kcat -b {kafka.BootstrapServers} -L",
            KafkaClientVersions.Current()));
    }
}
