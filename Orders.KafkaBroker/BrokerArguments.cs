using System.Globalization;
using Orders.Contracts.Topics;

namespace Orders.KafkaBroker;

/// <summary>The command line of the broker host.</summary>
public sealed record BrokerArguments(int Brokers, int Partitions, IReadOnlyList<string> Topics)
{
    public const int MaxBrokers = 16;
    public const int DefaultPartitions = 6;

    public const string Usage = """
        Usage: dotnet Orders.KafkaBroker.dll [--brokers N] [--partitions N] [--topics a,b,c]

        Starts an embedded Kafka-protocol broker (librdkafka's mock cluster) on 127.0.0.1, creates
        the topics, prints one line to standard output:

          KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:PORT[,127.0.0.1:PORT...]

        and runs until SIGINT (Ctrl-C) or SIGTERM, then stops the broker and exits with 0.
        Topics, records and committed offsets live in this process's memory: they outlive restarts
        of the services that use the broker, and go with this process. Each start picks new ports.

        Options:
          --brokers N      brokers in the cluster, 1..16 (default 1)
          --partitions N   partitions of each topic, 1..1000 (default 6)
          --topics a,b,c   topics to create (default: product-requests, product-responses,
                           payment-requests, payment-responses, shipments, orders, orders-dead-letter)
          -h, --help       show this text

        Exit codes: 0 stopped by a signal or --help; 1 the broker could not start; 2 bad arguments.
        """;

    public static BrokerArguments Defaults { get; } = new(1, DefaultPartitions, TopicNames.All);

    /// <summary>The parsed arguments; null with <paramref name="error"/> set, or null without it for --help.</summary>
    public static BrokerArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = Defaults;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option is "-h" or "--help")
                return null;

            if (option is not ("--brokers" or "--partitions" or "--topics"))
            {
                error = $"unknown option '{option}'";
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{option} needs a value";
                return null;
            }

            var value = args[++i];
            parsed = option switch
            {
                "--brokers" => Number(option, value, 1, MaxBrokers, ref error) is { } n ? parsed with { Brokers = n } : parsed,
                "--partitions" => Number(option, value, 1, TopicNameRules.MaxPartitions, ref error) is { } n ? parsed with { Partitions = n } : parsed,
                _ => TopicList(value, ref error) is { } topics ? parsed with { Topics = topics } : parsed,
            };
            if (error is not null)
                return null;
        }

        return parsed;
    }

    private static int? Number(string option, string value, int min, int max, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            return n;

        error = $"{option} must be a whole number from {min} to {max}, got '{value}'";
        return null;
    }

    private static string[]? TopicList(string value, ref string? error)
    {
        var topics = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        if (topics.Length == 0)
        {
            error = "--topics needs at least one topic name";
            return null;
        }

        if (topics.FirstOrDefault(t => !TopicNameRules.IsValid(t)) is { } invalid)
        {
            error = $"'{invalid}' is not a valid topic name ([a-zA-Z0-9._-], 1..249)";
            return null;
        }

        return topics;
    }
}
