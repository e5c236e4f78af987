using System.Net;
using System.Text.Json;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_the_openapi_document_is_requested
{
    private static IEnumerable<TestCaseData> Operations()
    {
        yield return new TestCaseData("/orders/checkout", "post", ApiJson.Names("202", "400", "409", "415", "503"));
        yield return new TestCaseData("/orders/checkout/{requestId}", "get", ApiJson.Names("200", "400", "404", "503"));
        yield return new TestCaseData("/orders/checkout/{requestId}/cancel", "post", ApiJson.Names("202", "400", "404", "409", "503"));
        yield return new TestCaseData("/orders", "get", ApiJson.Names("200", "400", "503"));
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Should_describe_the_endpoint_and_its_answers(string path, string method, IReadOnlyList<string> statuses)
    {
        var document = await ApiHost.Shared.NewUser().SendAsync(HttpMethod.Get, "/openapi/v1.json");

        Assert.That(document.Status, Is.EqualTo(HttpStatusCode.OK), document.ToString);
        Assert.That(document.Json.GetProperty("paths").TryGetProperty(path, out var operations), Is.True, $"{path} is not in the document");
        var operation = operations.GetProperty(method);
        Assert.Multiple(() =>
        {
            Assert.That(operation.Text("summary"), Is.Not.Empty);
            Assert.That(operation.Text("description"), Is.Not.Empty);
            Assert.That(operation.GetProperty("responses").PropertyNames(), Is.EquivalentTo(statuses));
            Assert.That(Parameters(operation), Does.Contain("header X-UserId").And.Contain("header X-Email"));
        });
    }

    private static List<string> Parameters(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Select(p => $"{p.Text("in")} {p.Text("name")}").ToList();
}
