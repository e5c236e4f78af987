using System.Diagnostics;
using Confluent.Kafka;
using Orders.Contracts.Topics;

namespace Orders.Tests.Kafka;

/// <summary>Orders.KafkaBroker run as ./run.sh runs it: a process of its own, stopped by a signal.</summary>
[TestFixture]
public class When_the_broker_host_runs
{
    private const string Prefix = "KAFKA_BOOTSTRAP_SERVERS=";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Should_print_its_address_serve_the_default_topics_and_exit_0_on_sigterm()
    {
        using var process = Start("--partitions", "3");
        var host = process.Process;

        var servers = await BootstrapServers(host);
        var topics = Topics(servers);
        await Stop(host, "TERM");

        Assert.That(servers, Does.Match(@"^127\.0\.0\.1:\d+$"));
        Assert.That(topics, Is.EquivalentTo(TopicNames.All.ToDictionary(t => t, _ => 3)));
        Assert.That(host.ExitCode, Is.Zero);
        Assert.That(() => Process.GetProcessById(host.Id), Throws.ArgumentException, "the process is gone");
        Assert.That(await host.StandardOutput.ReadToEndAsync(), Is.Empty, "one line on standard output");
    }

    [Test]
    public async Task Should_serve_the_topics_and_brokers_asked_for_and_exit_0_on_sigint()
    {
        using var process = Start("--brokers", "2", "--topics", "alpha,beta.v2");
        var host = process.Process;

        var servers = await BootstrapServers(host);
        var topics = Topics(servers);
        await Stop(host, "INT");

        Assert.That(servers.Split(','), Has.Length.EqualTo(2));
        Assert.That(topics, Is.EquivalentTo(new Dictionary<string, int> { ["alpha"] = 6, ["beta.v2"] = 6 }));
        Assert.That(host.ExitCode, Is.Zero);
    }

    [Test]
    public async Task Should_refuse_connections_after_down_on_its_input_and_serve_what_it_held_after_up()
    {
        using var process = Start("--partitions", "1");
        var host = process.Process;
        var servers = await BootstrapServers(host);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = servers }).SetLogHandler((_, _) => { }).Build())
            await producer.ProduceAsync(TopicNames.Orders, new Message<string, string> { Key = "k", Value = "kept" });

        await host.StandardInput.WriteLineAsync("down");
        await host.StandardInput.FlushAsync();
        var whileDown = await ReachableAsync(servers, expected: false);
        await host.StandardInput.WriteLineAsync("up");
        await host.StandardInput.FlushAsync();
        var afterUp = await ReachableAsync(servers, expected: true);
        var kept = HighWatermark(servers);
        await Stop(host, "TERM");

        Assert.Multiple(() =>
        {
            Assert.That(whileDown, Is.False, "unreachable after 'down'");
            Assert.That(afterUp, Is.True, "reachable again after 'up'");
            Assert.That(kept, Is.EqualTo(1), "the record produced before the outage is still there");
            Assert.That(host.ExitCode, Is.Zero);
        });
    }

    [Test]
    public async Task Should_document_its_options_with_help()
    {
        using var process = Start("--help");
        var host = process.Process;

        var help = await host.StandardOutput.ReadToEndAsync();
        await host.WaitForExitAsync().WaitAsync(Timeout);

        Assert.That(host.ExitCode, Is.Zero);
        Assert.That(help, Does.Contain("--brokers N").And.Contain("--partitions N").And.Contain("--topics a,b,c").And.Contain(Prefix).And.Contain("SIGTERM"));
    }

    [Test]
    public async Task Should_refuse_an_unknown_option_with_exit_code_2()
    {
        using var process = Start("--nope");
        var host = process.Process;

        var errors = await host.StandardError.ReadToEndAsync();
        await host.WaitForExitAsync().WaitAsync(Timeout);

        Assert.That(host.ExitCode, Is.EqualTo(2));
        Assert.That(errors, Does.StartWith("error: unknown option '--nope'"));
    }

    private static BrokerProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BrokerDll());
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return new BrokerProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Orders.KafkaBroker's build output beside this assembly's: bin/&lt;configuration&gt;/&lt;framework&gt;.</summary>
    private static string BrokerDll()
    {
        var tests = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        var configuration = tests.Parent!.Name;
        var root = tests.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "Orders.KafkaBroker", "bin", configuration, tests.Name, "Orders.KafkaBroker.dll");
        Assert.That(dll, Does.Exist, "build Orders.KafkaBroker (Orders.Tests builds it first)");
        return dll;
    }

    private static async Task<string> BootstrapServers(Process host)
    {
        // Stderr carries the human-readable notes; drained so the process never blocks on it.
        _ = host.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        var line = await host.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.That(line, Does.StartWith(Prefix));
        return line![Prefix.Length..];
    }

    private static Dictionary<string, int> Topics(string servers)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers }).SetLogHandler((_, _) => { }).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
    }

    /// <summary>Asks for metadata until the answer is the one expected (or 10 s pass); returns whether the broker answered last.</summary>
    private static async Task<bool> ReachableAsync(string servers, bool expected)
    {
        var clock = Stopwatch.StartNew();
        bool reachable;
        do
        {
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = servers, SocketTimeoutMs = 2000 }).SetLogHandler((_, _) => { }).Build();
            try
            {
                reachable = admin.GetMetadata(TimeSpan.FromSeconds(2)).Brokers.Count > 0;
            }
            catch (KafkaException)
            {
                reachable = false;
            }
            if (reachable == expected)
                return reachable;
            await Task.Delay(200);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(10));
        return reachable;
    }

    private static long HighWatermark(string servers)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = servers, GroupId = "watermarks" }).SetLogHandler((_, _) => { }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(TopicNames.Orders, 0), TimeSpan.FromSeconds(10)).High.Value;
    }

    private static async Task Stop(Process host, string signal)
    {
        using (var kill = Process.Start("kill", ["-" + signal, host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync().WaitAsync(Timeout);

        await host.WaitForExitAsync().WaitAsync(Timeout);
    }

    /// <summary>Kills the process if a test fails before it is stopped, so no broker outlives the test run.</summary>
    private sealed class BrokerProcess(Process process) : IDisposable
    {
        public Process Process { get; } = process;

        public void Dispose()
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }
}
