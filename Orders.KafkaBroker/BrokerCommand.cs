using System.Runtime.InteropServices;
using Confluent.Kafka;
using Orders.KafkaBroker.Embedded;

namespace Orders.KafkaBroker;

/// <summary>Runs the broker until a signal: the whole program, apart from where its text goes.</summary>
public static class BrokerCommand
{
    public const string BootstrapPrefix = "KAFKA_BOOTSTRAP_SERVERS=";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var arguments = BrokerArguments.Parse(args, out var error);
        if (arguments is null)
        {
            if (error is null)
            {
                stdout.WriteLine(BrokerArguments.Usage);
                return 0;
            }

            stderr.WriteLine($"error: {error}");
            stderr.WriteLine(BrokerArguments.Usage);
            return 2;
        }

        if (ShippedLibrdkafka.FindProblem() is { } problem)
        {
            stderr.WriteLine($"error: {problem}");
            return 1;
        }

        // Registered before the broker starts, so a signal during the start is not lost.
        using var stop = new ManualResetEventSlim();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn(stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn(stop));

        EmbeddedKafkaBroker broker;
        try
        {
            broker = EmbeddedKafkaBroker.Start(arguments.Brokers);
        }
        catch (Exception ex) when (ex is KafkaException or DllNotFoundException or EntryPointNotFoundException)
        {
            stderr.WriteLine($"error: the embedded Kafka broker could not start: {ex.Message}");
            return 1;
        }

        using (broker)
        {
            try
            {
                foreach (var topic in arguments.Topics)
                    broker.CreateTopic(topic, arguments.Partitions);
            }
            catch (KafkaException ex)
            {
                stderr.WriteLine($"error: {ex.Message}");
                return 1;
            }

            stdout.WriteLine($"{BootstrapPrefix}{broker.BootstrapServers}");
            stdout.Flush();
            stderr.WriteLine($"Embedded Kafka broker: {arguments.Brokers} broker(s) at {broker.BootstrapServers}; " +
                $"topics {string.Join(", ", arguments.Topics)} with {arguments.Partitions} partition(s) each. SIGINT or SIGTERM stops it.");

            stop.Wait();
            stderr.WriteLine("Stopping the embedded Kafka broker; its topics, records and offsets go with it.");
        }

        return 0;
    }

    private static Action<PosixSignalContext> StopOn(ManualResetEventSlim stop) => context =>
    {
        // Cancel the default termination: the broker is disposed and the exit code is 0.
        context.Cancel = true;
        stop.Set();
    };
}
