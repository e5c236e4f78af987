using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Orders.Persistence;
using Orders.Persistence.DeadLetters;
using Orders.Tests.Service;
using Orders.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Orders.Tests.Admin;

/// <summary>
/// The dashboard in a real browser against the service as a process on a loopback port: what an operator sees
/// and does, from entering the key to cancelling an order.
/// </summary>
[TestFixture]
public class When_an_operator_uses_the_dashboard
{
    /// <summary>How long the page may take to show a change: a few 2-second refreshes, and a refund.</summary>
    private const float ExpectTimeoutMs = 15_000;

    private PostgresTestDatabase _database = null!;
    private ServiceBroker _broker = null!;
    private ApiProcess _service = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task Start_the_service_and_a_browser()
    {
        var chromium = HeadlessChromium.Locate();
        SetDefaultExpectTimeout(ExpectTimeoutMs);
        _database = await PostgresServer.CreateDatabaseAsync();
        _broker = ServiceBroker.Start();
        var settings = ServiceSettings.For(_database.ConnectionString, _broker);
        settings["Admin__Key"] = AdminSetup.Key;
        _service = await ApiProcess.StartAsync(settings);
        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
        TestContext.Progress.WriteLine($"Dashboard test: {chromium} against {_service.BaseAddress}");
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
    public async Task Should_ask_for_the_key_show_a_checkout_live_and_cancel_it()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        try
        {
            // The page loads without a key and asks for it; a wrong key is refused on the page.
            await page.GotoAsync(new Uri(_service.BaseAddress, "/admin/").ToString());
            await Expect(page.GetByLabel("Admin key", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(page.Locator("#dashboard")).ToBeHiddenAsync();
            await page.GetByLabel("Admin key", new() { Exact = true }).FillAsync("not-the-key");
            await page.GetByRole(AriaRole.Button, new() { Name = "Open the dashboard" }).ClickAsync();
            await Expect(page.Locator("#key-error")).ToContainTextAsync("does not hold the admin key");

            await page.GetByLabel("Admin key", new() { Exact = true }).FillAsync(AdminSetup.Key);
            await page.GetByLabel("Your name").FillAsync("ops-browser");
            await page.GetByRole(AriaRole.Button, new() { Name = "Open the dashboard" }).ClickAsync();
            await Expect(page.Locator("#dashboard")).ToBeVisibleAsync();

            // A checkout made through the API after the page opened shows up by itself, and its state follows it.
            var user = _service.As(ApiIds.NextUserId());
            var requestId = ApiIds.NewRequestId("browser");
            await user.CheckoutToEndAsync(requestId, (5, 2));
            var row = page.Locator($"#recent tr[data-request-id='{requestId}']");
            await Expect(row.Locator(".state-cell")).ToHaveTextAsync("Paid");
            await Expect(page.Locator("#counts li[data-state='Paid'] .count-number")).ToHaveTextAsync("1");

            // A dead letter naming it is listed, linked to it; replaying it sends it back to its topic, where the
            // service's consumer sets it aside again (it still lacks 'success'), as a new dead letter.
            var deadLetter = await AddDeadLetterAsync(requestId);
            var deadRow = page.Locator($"#dead-letters tr[data-dead-letter-id='{deadLetter.Id}']");
            await Expect(deadRow).ToContainTextAsync(deadLetter.Error);
            await deadRow.GetByRole(AriaRole.Button, new() { Name = $"Replay dead letter {deadLetter.Id}" }).ClickAsync();
            await Expect(page.Locator("#status")).ToContainTextAsync($"Dead letter {deadLetter.Id} replayed to payment-responses");
            await Expect(page.Locator($"#dead-letters tr:not([data-dead-letter-id='{deadLetter.Id}'])").Filter(new() { HasText = requestId }).First)
                .ToContainTextAsync("success");

            // Its timeline when chosen.
            await row.GetByRole(AriaRole.Button, new() { Name = requestId }).ClickAsync();
            await Expect(page.Locator("#detail-title")).ToHaveTextAsync($"Checkout {requestId}");
            await Expect(page.Locator("#detail-timeline li")).ToHaveCountAsync(3);

            // Cancel from the page: confirmed, refunded, and the list and timeline follow to Cancelled.
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel this order" }).ClickAsync();
            await Expect(page.Locator("#status")).ToContainTextAsync("cancellation accepted");
            await Expect(row.Locator(".state-cell")).ToHaveTextAsync("Cancelled");
            await Expect(page.Locator("#detail-timeline li").Last).ToContainTextAsync("Cancelled");
            await Expect(page.Locator("#audit tbody tr").First).ToContainTextAsync("ops-browser");

            var checkout = await user.GetCheckoutAsync(requestId);
            var keptByTheBrowser = await page.EvaluateAsync<string>("() => `${localStorage.length} ${sessionStorage.length} ${document.cookie}`");
            Assert.Multiple(() =>
            {
                Assert.That(checkout["state"], Is.EqualTo("Cancelled"), checkout.ToString);
                Assert.That(dialogs, Has.One.Contains(requestId), "the page asks before cancelling");
                Assert.That(keptByTheBrowser, Is.EqualTo("0 0 "), "the key is kept in page memory only");
            });
        }
        finally
        {
            await SaveScreenshotAsync(page);
            await page.CloseAsync();
        }
    }

    /// <summary>A dead_letters row in the service's database, as its Kafka consumer would write it.</summary>
    private async Task<DeadLetterRecord> AddDeadLetterAsync(string requestId)
    {
        var options = new DbContextOptionsBuilder<OrdersDbContext>().UseNpgsql(_database.ConnectionString).Options;
        await using var db = new OrdersDbContext(options);
        var deadLetter = new DeadLetterRecord
        {
            RequestId = requestId,
            Topic = "payment-responses",
            Partition = 2,
            Offset = 41,
            MessageType = "payment.response",
            Error = "Property 'success' is missing",
            Key = requestId,
            Value = "{\"requestId\":\"" + requestId + "\"}",
            Headers = "{\"message-type\":\"payment.response\"}",
            FailedAt = DateTimeOffset.UtcNow,
        };
        db.DeadLetters.Add(deadLetter);
        await db.SaveChangesAsync();
        return deadLetter;
    }

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", $"admin-dashboard-{DateTime.UtcNow:yyyyMMddHHmmss}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, "The admin dashboard at the end of the test");
    }
}
