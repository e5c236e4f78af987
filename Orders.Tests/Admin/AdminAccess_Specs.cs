using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

[TestFixture]
public class When_no_admin_key_is_configured
{
    private readonly ApiLogCapture _log = new();
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_without_one() =>
        _host = await ApiHost.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Orders.Api.Admin"] = "Information" }, _log.AddTo);

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [TestCase("/admin/checkouts")]
    [TestCase("/admin/states")]
    [TestCase("/admin/")]
    [TestCase("/admin/index.html")]
    public async Task Should_answer_404_even_with_a_key(string path)
    {
        var response = await AdminCaller.Of(_host, AdminSetup.Key).GetAsync(path);

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
    }

    [Test]
    public async Task Should_leave_admin_out_of_the_openapi_document_and_say_so_at_start()
    {
        var document = await AdminCaller.Of(_host, null).GetAsync("/openapi/v1.json");

        Assert.Multiple(() =>
        {
            Assert.That(document.Json.GetProperty("paths").PropertyNames(), Has.None.StartsWith("/admin"));
            Assert.That(_log.Entries.Select(e => e.Message), Has.Some.Contains("Admin API is off").And.Contains("Admin:Key"));
        });
    }
}

[TestFixture]
public class When_an_admin_request_has_no_key_or_a_wrong_one
{
    private static readonly string[] Wrong = ["", "admin-key-for-tests-012345678", AdminSetup.Key + "0", AdminSetup.Key.ToUpperInvariant(), "x"];

    private static IEnumerable<TestCaseData> Requests()
    {
        yield return new TestCaseData("GET", "/admin/checkouts");
        yield return new TestCaseData("GET", "/admin/checkouts/some-request");
        yield return new TestCaseData("POST", "/admin/checkouts/some-request/cancel");
        yield return new TestCaseData("GET", "/admin/states");
        yield return new TestCaseData("GET", "/admin/stuck");
        yield return new TestCaseData("GET", "/admin/orders");
        yield return new TestCaseData("GET", "/admin/dead-letters");
        yield return new TestCaseData("GET", "/admin/dead-letters/1");
        yield return new TestCaseData("POST", "/admin/dead-letters/1/replay");
        yield return new TestCaseData("GET", "/admin/actions");
    }

    [TestCaseSource(nameof(Requests))]
    public async Task Should_answer_401_with_a_problem(string method, string path)
    {
        var missing = await AdminCaller.Of(AdminSetup.Host, null).SendAsync(new HttpMethod(method), path);
        var wrong = await Task.WhenAll(Wrong.Select(k => AdminCaller.Of(AdminSetup.Host, k).SendAsync(new HttpMethod(method), path)));

        Assert.Multiple(() =>
        {
            foreach (var response in wrong.Prepend(missing))
            {
                Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Unauthorized), response.ToString);
                Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
                Assert.That(response["title"], Is.EqualTo("Admin key required"));
            }
            Assert.That(missing["detail"], Does.Contain("X-Admin-Key"));
        });
    }

    [Test]
    public async Task Should_not_record_anything_in_the_audit_log()
    {
        var target = ApiIds.NewRequestId("unauthorized");
        await AdminCaller.Of(AdminSetup.Host, "wrong").PostAsync($"/admin/checkouts/{target}/cancel");

        var log = await AdminSetup.Admin().GetAsync($"/admin/actions?target={target}");

        Assert.That(log.Json.Items("items"), Is.Empty, log.ToString);
    }

    [Test]
    public async Task Should_let_the_right_key_through()
    {
        var response = await AdminSetup.Admin().GetAsync("/admin/states");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.OK), response.ToString);
    }
}

[TestFixture]
public class When_the_dashboard_is_opened
{
    [Test]
    public async Task Should_serve_the_page_without_a_key_under_a_strict_content_policy()
    {
        var page = await AdminCaller.Of(AdminSetup.Host, null).GetAsync("/admin/");
        var script = await AdminCaller.Of(AdminSetup.Host, null).GetAsync("/admin/app.js");

        Assert.Multiple(() =>
        {
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.ToString);
            Assert.That(page.MediaType, Is.EqualTo("text/html"));
            Assert.That(page.Text, Does.Contain("Admin key"));
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'"));
            Assert.That(script.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(script.Text, Does.Not.Contain("localStorage").And.Not.Contain("sessionStorage").And.Not.Contain("document.cookie"));
        });
    }

    [Test]
    public async Task Should_redirect_the_bare_path_to_the_page()
    {
        var response = await AdminCaller.Of(AdminSetup.Host, null).GetAsync("/admin");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.Status, Is.EqualTo(301).Or.EqualTo(302), response.ToString);
            Assert.That(response.Location, Does.EndWith("/admin/"));
        });
    }
}
