using System.Net;
using System.Text.Json;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

[TestFixture]
public class When_the_openapi_document_describes_the_admin_api
{
    private static IEnumerable<TestCaseData> Operations()
    {
        yield return new TestCaseData("/admin/checkouts", "get", ApiJson.Names("200", "400", "401"));
        yield return new TestCaseData("/admin/checkouts/{requestId}", "get", ApiJson.Names("200", "400", "401", "404"));
        yield return new TestCaseData("/admin/checkouts/{requestId}/cancel", "post", ApiJson.Names("202", "400", "401", "404", "409", "503"));
        yield return new TestCaseData("/admin/states", "get", ApiJson.Names("200", "401"));
        yield return new TestCaseData("/admin/stuck", "get", ApiJson.Names("200", "400", "401"));
        yield return new TestCaseData("/admin/orders", "get", ApiJson.Names("200", "400", "401"));
        yield return new TestCaseData("/admin/dead-letters", "get", ApiJson.Names("200", "400", "401"));
        yield return new TestCaseData("/admin/dead-letters/{id}", "get", ApiJson.Names("200", "401", "404"));
        yield return new TestCaseData("/admin/dead-letters/{id}/replay", "post", ApiJson.Names("200", "400", "401", "404", "409", "503"));
        yield return new TestCaseData("/admin/actions", "get", ApiJson.Names("200", "400", "401"));
        yield return new TestCaseData("/admin/flow", "get", ApiJson.Names("200", "400", "401"));
        yield return new TestCaseData("/admin/funnel", "get", ApiJson.Names("200", "400", "401"));
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Should_describe_the_endpoint_its_answers_and_the_admin_key(string path, string method, IReadOnlyList<string> statuses)
    {
        var document = await AdminCaller.Of(AdminSetup.Host, null).GetAsync("/openapi/v1.json");

        Assert.That(document.Status, Is.EqualTo(HttpStatusCode.OK), document.ToString);
        Assert.That(document.Json.GetProperty("paths").TryGetProperty(path, out var operations), Is.True, $"{path} is not in the document");
        var operation = operations.GetProperty(method);
        Assert.Multiple(() =>
        {
            Assert.That(operation.Text("summary"), Is.Not.Empty);
            Assert.That(operation.Text("description"), Is.Not.Empty);
            Assert.That(operation.GetProperty("responses").PropertyNames(), Is.EquivalentTo(statuses));
            Assert.That(operation.GetProperty("security").EnumerateArray().SelectMany(r => r.PropertyNames()), Is.EqualTo(ApiJson.Names("AdminKey")));
            if (method == "post")
                Assert.That(Parameters(operation), Does.Contain("header X-Admin-Name"));
        });
    }

    [Test]
    public async Task Should_declare_the_key_as_an_api_key_header()
    {
        var document = await AdminCaller.Of(AdminSetup.Host, null).GetAsync("/openapi/v1.json");
        var scheme = document.Json.GetProperty("components").GetProperty("securitySchemes").GetProperty("AdminKey");

        Assert.Multiple(() =>
        {
            Assert.That(scheme.Text("type"), Is.EqualTo("apiKey"));
            Assert.That(scheme.Text("in"), Is.EqualTo("header"));
            Assert.That(scheme.Text("name"), Is.EqualTo("X-Admin-Key"));
        });
    }

    private static List<string> Parameters(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Select(p => $"{p.Text("in")} {p.Text("name")}").ToList();
}
