using System.Net;
using System.Text.Json;
using Orders.Tests.Contracts;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_the_openapi_document_is_linted
{
    private ApiHost _secured = null!;

    // The admin key and the gateway secret each add a security scheme and operations to the document.
    [OneTimeSetUp]
    public async Task Start_a_host_with_admin_and_gateway_secret() =>
        _secured = await ApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Key"] = "lint-admin-key-0123456789abcdef",
            ["Gateway:Secret"] = "lint-gateway-secret-0123456789",
            ["Kafka:Simulators:Enabled"] = "false",
        });

    [OneTimeTearDown]
    public ValueTask Stop_it() => _secured.DisposeAsync();

    [TestCase(false, TestName = "Should_have_no_errors_under_redoclys_recommended_rules")]
    [TestCase(true, TestName = "Should_have_no_errors_under_redoclys_recommended_rules_with_admin_and_gateway_secret")]
    public async Task Should_have_no_errors_under_redoclys_recommended_rules(bool secured)
    {
        var host = secured ? _secured : ApiHost.Shared;
        var document = await host.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json"));
        Assert.That(document.Status, Is.EqualTo(HttpStatusCode.OK), document.ToString);
        using var scratch = ContractCheck.NewScratch();
        var (exitCode, report) = await ContractCheck.RedoclyLintAsync(scratch.Write("openapi.json", document.Text));

        var problems = report.GetProperty("problems").EnumerateArray().ToList();
        await TestContext.Out.WriteLineAsync($"redocly lint (recommended): {Count(report, "errors")} error(s), {Count(report, "warnings")} warning(s)\n" +
            string.Join("\n", problems.Select(Describe)));
        Assert.Multiple(() =>
        {
            Assert.That(problems.Where(p => p.GetProperty("severity").GetString() == "error").Select(Describe), Is.Empty);
            Assert.That(exitCode, Is.Zero);
        });
    }

    private static int Count(JsonElement report, string what) => report.GetProperty("totals").GetProperty(what).GetInt32();

    private static string Describe(JsonElement problem) =>
        $"{problem.GetProperty("severity").GetString()} {problem.GetProperty("ruleId").GetString()}: {problem.GetProperty("message").GetString()} " +
        $"at {string.Join(", ", problem.GetProperty("location").EnumerateArray().Select(l => l.TryGetProperty("pointer", out var p) ? p.GetString() : ""))}";
}
