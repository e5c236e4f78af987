using System.Diagnostics;
using System.Text.Json;
using Orders.Tests.Support;

namespace Orders.Tests.Contracts;

/// <summary>
/// Runs the independent checkers of tools/contract-check (the AsyncAPI parser, ajv, Redocly's linter; installed by
/// scripts/prerequisites.sh with npm ci) on files the test wrote, and hands back what they printed.
/// </summary>
public static class ContractCheck
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static string Folder => RepositoryFiles.PathOf("tools/contract-check");

    /// <summary>Runs check.mjs with a command and files; its one JSON object and its exit code.</summary>
    public static async Task<(int ExitCode, JsonElement Result)> RunAsync(params string[] arguments)
    {
        var (exitCode, output, errors) = await NodeAsync([Path.Combine(Folder, "check.mjs"), .. arguments]);
        try
        {
            return (exitCode, JsonDocument.Parse(output).RootElement.Clone());
        }
        catch (JsonException)
        {
            Assert.Fail($"check.mjs {string.Join(' ', arguments)} exited {exitCode} without a JSON result.\nstdout: {output}\nstderr: {errors}");
            throw;
        }
    }

    /// <summary>Redocly's linter with its recommended rules on an OpenAPI file: its problems as JSON.</summary>
    public static async Task<(int ExitCode, JsonElement Result)> RedoclyLintAsync(string openApiFile)
    {
        var cli = Path.Combine(Folder, "node_modules", "@redocly", "cli", "bin", "cli.js");
        var (exitCode, output, errors) = await NodeAsync([cli, "lint", openApiFile, "--extends", "recommended", "--format", "json"]);
        try
        {
            return (exitCode, JsonDocument.Parse(output).RootElement.Clone());
        }
        catch (JsonException)
        {
            Assert.Fail($"redocly lint exited {exitCode} without a JSON report.\nstdout: {output}\nstderr: {errors}");
            throw;
        }
    }

    /// <summary>A file in a fresh temporary folder, removed with the folder by <see cref="Scratch.Dispose"/>.</summary>
    public static Scratch NewScratch() => new(Directory.CreateTempSubdirectory("ordersaga-contract-").FullName);

    private static async Task<(int ExitCode, string Output, string Errors)> NodeAsync(string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
            Assert.Fail($"{Folder}/node_modules is missing: run scripts/prerequisites.sh (it runs npm ci there).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Redocly asks its home server for telemetry and news unless told not to; tests talk to no one.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail($"node {string.Join(' ', arguments)} did not finish within {Limit}");
        }
        return (node.ExitCode, await output, await errors);
    }

    public sealed class Scratch(string folder) : IDisposable
    {
        public string Write(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }
}
