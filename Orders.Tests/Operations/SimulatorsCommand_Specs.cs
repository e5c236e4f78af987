using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Confluent.Kafka;
using Orders.Tests.Kafka;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_the_simulators_command_runs
{
    [Test]
    public async Task Should_answer_a_product_request_on_kafka_and_stop_with_0_on_sigterm()
    {
        using var broker = ServiceBroker.Start(partitions: 1);
        var output = new ConcurrentQueue<string>();
        using var simulators = Launch(new Dictionary<string, string?>
        {
            ["KAFKA_BROKERS"] = broker.BootstrapServers,
            ["Kafka__Client__session.timeout.ms"] = ServiceBroker.SessionTimeoutMs,
        }, output);
        try
        {
            var requestId = ApiIds.NewRequestId();
            using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
            {
                await producer.ProduceAsync("product-requests", new Message<string, string>
                {
                    Key = requestId,
                    Value = $$"""{"requestId":"{{requestId}}","userId":101,"email":"ada@example.com","items":[{"productId":7,"quantity":1}]}""",
                });
            }

            using var responses = new TopicReader(broker.BootstrapServers, "product-responses");
            var answer = TopicReader.Json(responses.WaitFor(requestId));
            using (var kill = Process.Start("kill", ["-TERM", simulators.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            await simulators.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Multiple(() =>
            {
                Assert.That(answer["items"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("Product 7"));
                Assert.That(simulators.ExitCode, Is.Zero, string.Join('\n', output));
                Assert.That(output, Has.None.Contains("Now listening"), "the simulators command serves no HTTP");
            });
        }
        finally
        {
            if (!simulators.HasExited)
                simulators.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task Should_stop_with_exit_code_2_and_one_line_without_kafka_brokers()
    {
        var result = await ApiProcess.RunAsync(new Dictionary<string, string?> { ["KAFKA_BROKERS"] = "" }, "simulators");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString);
            Assert.That(result.StandardError, Has.Count.EqualTo(1), result.ToString);
            Assert.That(result.StandardError.Count > 0 ? result.StandardError[0] : "", Does.StartWith("Kafka:BootstrapServers is not set"));
        });
    }

    private static Process Launch(Dictionary<string, string?> environment, ConcurrentQueue<string> output)
    {
        var assembly = ApiAssembly();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("simulators");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Kafka__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Orders.Api.dll of this test run's configuration, as <see cref="ApiProcess"/> runs it.</summary>
    private static string ApiAssembly()
    {
        var configuration = typeof(When_the_simulators_command_runs).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrderSaga.sln")))
                return Path.Combine(directory.FullName, "Orders.Api", "bin", configuration, framework, "Orders.Api.dll");
        }
        throw new InvalidOperationException($"No OrderSaga.sln above {AppContext.BaseDirectory}");
    }
}
