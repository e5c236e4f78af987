using System.Diagnostics;
using Orders.Kafka.Configuration;
using Orders.Tests.Support;

namespace Orders.Tests.Operations;

[TestFixture]
public class When_compose_yaml_is_checked_without_an_env_file
{
    // docker-compose 1.29 lists services of every profile; jaeger runs only with the tracing profile.
    private static readonly string[] Services = ["kafka", "kafka-topics", "postgres", "migrate", "api-1", "api-2", "gateway", "simulators", "jaeger"];

    [Test]
    public async Task Should_be_valid_and_run_every_service_with_every_topic_the_service_uses()
    {
        var compose = DockerCompose();
        var root = RepositoryFiles.Root;
        var emptyEnv = Path.GetTempFileName();
        try
        {
            var config = await RunAsync(compose, root, "--env-file", emptyEnv, "-f", "compose.yaml", "config");
            var services = await RunAsync(compose, root, "--env-file", emptyEnv, "-f", "compose.yaml", "config", "--services");

            Assert.Multiple(() =>
            {
                Assert.That(config.ExitCode, Is.Zero, config.ToString);
                Assert.That(config.Error, Does.Not.Contain("variable is not set"), config.ToString);
                Assert.That(services.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(Services), services.ToString);
                Assert.That(config.Output, Does.Contain("condition: service_healthy").And.Contain("condition: service_completed_successfully"));
                Assert.That(config.Output, Does.Contain("http://localhost:8080/health/ready"));
                Assert.That(config.Output, Does.Contain("pg_isready"));
                Assert.That(config.Output, Does.Contain("KAFKA_PROCESS_ROLES: broker,controller"));
                Assert.That(config.Output, Does.Contain("- simulators"), "the simulators service runs the simulators command");
                Assert.That(config.Output, Does.Match(@"jaeger:\n(    .*\n)*    profiles:\n    - tracing\n"), "Jaeger only with the tracing profile");
                Assert.That(config.Output, Does.Contain("OTEL_EXPORTER_OTLP_ENDPOINT: ''"), "no traces exported by default");
                Assert.That(config.Output, Does.Contain("- migrate"), "the schema is applied once, by the migrate command");
                Assert.That(config.Output, Does.Contain("Database__MigrateOnStart: 'false'").Or.Contain("Database__MigrateOnStart: \"false\""),
                    "instances do not migrate at start, so two never race to");
                Assert.That(File.ReadAllText(Path.Combine(root, "compose", "gateway.conf")), Does.Contain("server api-1:8080").And.Contain("server api-2:8080")
                    .And.Contain("proxy_buffering off"), "the gateway sends requests to both instances and passes event streams through");
                foreach (var (_, topic) in new KafkaTopics().BySetting())
                    Assert.That(config.Output, Does.Match($@"\b{topic}\b"), $"topic {topic} is not created");
            });
        }
        finally
        {
            File.Delete(emptyEnv);
        }
    }

    /// <summary>docker-compose on PATH; without it the test is skipped, except under CI, which must have it.</summary>
    private static string DockerCompose()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "docker-compose")).FirstOrDefault(File.Exists);
        if (found is not null)
            return found;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail("docker-compose is not installed: under CI, scripts/prerequisites.sh installs it (apt-get install docker-compose)");
        Assert.Ignore("docker-compose is not installed (apt-get install docker-compose)");
        throw new UnreachableException();
    }

    private static async Task<Result> RunAsync(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // The defaults are under test: no variable of the caller's own may fill them in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ORDERS_", StringComparison.Ordinal) || k.StartsWith("CHECKOUT_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new Result(process.ExitCode, await output, await error);
    }

    private sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\n{Output}\n{Error}";
    }
}
