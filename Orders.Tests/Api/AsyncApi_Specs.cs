using System.Net;
using Orders.Tests.Contracts;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_the_asyncapi_document_is_requested
{
    [Test]
    public async Task Should_answer_the_committed_document_without_identity_headers()
    {
        var document = await ApiHost.Shared.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/asyncapi.json"));
        Assert.Multiple(() =>
        {
            Assert.That(document.Status, Is.EqualTo(HttpStatusCode.OK), document.ToString);
            Assert.That(document.MediaType, Is.EqualTo("application/json"));
            Assert.That(document.Text, Is.EqualTo(File.ReadAllText(RepositoryFiles.PathOf("docs/asyncapi.json"))));
        });
    }

    [Test]
    public async Task Should_be_valid_for_the_asyncapi_parser()
    {
        var document = await ApiHost.Shared.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/asyncapi.json"));
        using var scratch = ContractCheck.NewScratch();
        var (exitCode, result) = await ContractCheck.RunAsync("asyncapi", scratch.Write("served.json", document.Text));
        Assert.Multiple(() =>
        {
            Assert.That(result.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("severity").GetString() == "error").Select(d => d.ToString()), Is.Empty);
            Assert.That(exitCode, Is.Zero);
        });
    }

    [Test]
    public async Task Should_serve_a_page_that_shows_it_with_scripts_of_its_own_origin_only()
    {
        var page = await ApiHost.Shared.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/asyncapi/"));
        var script = await ApiHost.Shared.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/asyncapi/page.js"));
        Assert.Multiple(() =>
        {
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.ToString);
            Assert.That(page.MediaType, Is.EqualTo("text/html"));
            Assert.That(page.Text, Does.Contain("<script src=\"page.js\"").And.Not.Contain("http"));
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"));
            Assert.That(script.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(script.Text, Does.Contain("../asyncapi.json"));
        });
    }
}
