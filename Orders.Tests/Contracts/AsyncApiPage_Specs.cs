using Microsoft.Playwright;
using Orders.Tests.Admin;
using Orders.Tests.Service;
using Orders.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Orders.Tests.Contracts;

/// <summary>The AsyncAPI page in a real browser against the service as a process: what another team's developer reads.</summary>
[TestFixture]
public class When_a_developer_reads_the_asyncapi_page
{
    private PostgresTestDatabase _database = null!;
    private ServiceBroker _broker = null!;
    private ApiProcess _service = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task Start_the_service_and_a_browser()
    {
        HeadlessChromium.Locate();
        _database = await PostgresServer.CreateDatabaseAsync();
        _broker = ServiceBroker.Start();
        _service = await ApiProcess.StartAsync(ServiceSettings.For(_database.ConnectionString, _broker));
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    [OneTimeTearDown]
    public async Task Stop_them()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_service is not null)
            await _service.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
        _broker?.Dispose();
    }

    [Test]
    public async Task Should_show_every_topic_and_every_message_with_its_fields_and_example()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);
        await page.GotoAsync(new Uri(_service.BaseAddress, "/asyncapi/").ToString());

        await Expect(page.Locator("#status")).ToHaveTextAsync("7 topics, 9 messages");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "asyncapi-page.png"), FullPage = false });
        var orders = page.Locator("#message-orderLifecycle");
        Assert.Multiple(async () =>
        {
            Assert.That(await page.Locator("#topics tbody tr").CountAsync(), Is.EqualTo(7));
            Assert.That(await page.Locator("#topics tbody tr").First.InnerTextAsync(), Does.Contain("product-requests").And.Contain("sends"));
            Assert.That(await orders.InnerTextAsync(), Does.Contain("data.totalamount").And.Contain("^-?[0-9]+\\.[0-9]{2}$").And.Contain("\"order.created\""));
            Assert.That(await page.Locator("#message-paymentResponse").InnerTextAsync(), Does.Contain("message-type").And.Contain("required"));
            Assert.That(failedRequests, Is.Empty);
        });
    }
}
