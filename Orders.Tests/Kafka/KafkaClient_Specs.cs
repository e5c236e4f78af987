using System.Diagnostics;
using Confluent.Kafka;
using Orders.Kafka.Client;
using Orders.KafkaBroker.Embedded;
using Orders.Tests.Service;
using Orders.Tests.Support;

namespace Orders.Tests.Kafka;

/// <summary>The Kafka client runs on the librdkafka the build ships, from the build output, never on an OS copy.</summary>
[TestFixture]
public class When_the_kafka_client_loads_librdkafka
{
    [Test]
    public void Should_load_the_shipped_2_16_from_the_build_output_and_pass_the_start_up_check()
    {
        // The embedded broker binds librdkafka by name on its own; it must be the same copy.
        using var broker = EmbeddedKafkaBroker.Start();
        var client = KafkaClientVersions.Current();
        var shipped = Path.Combine(AppContext.BaseDirectory, LibrdkafkaCheck.ShippedFile);

        Assert.Multiple(() =>
        {
            Assert.That(Library.VersionString, Does.StartWith("2.16."));
            Assert.That(client.Librdkafka, Is.EqualTo(Library.VersionString));
            Assert.That(client.ConfluentKafka, Is.EqualTo("2.16.0"));
            Assert.That(LibrdkafkaCheck.Shipped.ToString(2), Is.EqualTo("2.16"));
            Assert.That(client.LibrdkafkaFiles, Is.EqualTo(new[] { shipped }), "one librdkafka in the process, the build's own");
            Assert.That(LibrdkafkaCheck.FindProblem(), Is.Null);
        });
    }
}

[TestFixture]
public class When_the_shipped_librdkafka_is_not_there
{
    private string _copy = null!;

    [SetUp]
    public void CopyTheServiceWithoutItsNativeLibraries()
    {
        // As if deployed without runtimes/: .NET then takes any librdkafka.so on the library path (this machine's
        // Debian librdkafka 2.0.2 when librdkafka-dev is installed), or none at all.
        var build = Path.GetDirectoryName(ApiProcess.AssemblyPath)!;
        _copy = Path.Combine(Path.GetTempPath(), $"ordersaga-no-librdkafka-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(build, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(build, file);
            if (relative.StartsWith("runtimes" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                continue;
            var target = Path.Combine(_copy, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [TearDown]
    public void RemoveTheCopy() => Directory.Delete(_copy, recursive: true);

    [Test]
    public async Task Should_refuse_to_start_with_one_line_naming_the_version_it_needs()
    {
        var settings = new Dictionary<string, string?>
        {
            [ServiceSettings.ConnectionString] = "Host=127.0.0.1;Port=1;Database=orders;Username=orders;Password=unused",
            ["Kafka__BootstrapServers"] = "127.0.0.1:9092",
        };

        var result = await ApiProcess.RunAsync(Path.Combine(_copy, "Orders.Api.dll"), settings);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString);
            Assert.That(result.StandardError, Has.Count.EqualTo(1), result.ToString);
            Assert.That(result.StandardError.Count > 0 ? result.StandardError[0] : "", Does.StartWith("librdkafka ").And.Contain("2.16").And.Contain(LibrdkafkaCheck.ShippedFile), result.ToString);
            Assert.That(result.StandardOutput, Is.Empty, "nothing started: " + result);
        });
    }
}

[TestFixture]
public class When_the_service_starts
{
    [Test]
    public async Task Should_log_the_kafka_client_and_the_librdkafka_file_it_runs_on()
    {
        using var broker = ServiceBroker.Start(partitions: 1);
        await using var database = await PostgresServer.CreateDatabaseAsync();
        await using var service = await ApiProcess.StartAsync(ServiceSettings.For(database.ConnectionString, broker));

        var shipped = Path.Combine(Path.GetDirectoryName(ApiProcess.AssemblyPath)!, LibrdkafkaCheck.ShippedFile);
        var line = $"Kafka client: Confluent.Kafka 2.16.0 on librdkafka {Library.VersionString} ({shipped})";
        // The console logger writes from a queue of its own: the line may follow the first answer by a moment.
        for (var wait = Stopwatch.StartNew(); !service.Output.Contains(line, StringComparison.Ordinal) && wait.Elapsed < TimeSpan.FromSeconds(10);)
            await Task.Delay(100);

        Assert.That(service.Output, Does.Contain(line));
    }
}
