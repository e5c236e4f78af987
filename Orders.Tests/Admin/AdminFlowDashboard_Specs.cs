using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using Orders.Tests.Service;
using Orders.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Orders.Tests.Admin;

/// <summary>
/// The dashboard's flow and funnel in a real browser, against the service as a process on a database of its own
/// after checkouts that end every way: the numbers on the graph, a stuck state, a state's checkouts and one
/// checkout's path. Screenshots of each step are left among the test results.
/// </summary>
[TestFixture]
public class When_an_operator_watches_the_flow
{
    private const float ExpectTimeoutMs = 15_000;

    private PostgresTestDatabase _database = null!;
    private ServiceBroker _broker = null!;
    private ApiProcess _service = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private MixedCheckouts _checkouts = null!;
    private string _stuck = null!;

    [OneTimeSetUp]
    public async Task Start_the_service_make_checkouts_and_open_a_browser()
    {
        HeadlessChromium.Locate();
        SetDefaultExpectTimeout(ExpectTimeoutMs);
        _database = await PostgresServer.CreateDatabaseAsync();
        _broker = ServiceBroker.Start();
        var settings = ServiceSettings.For(_database.ConnectionString, _broker);
        settings["Admin__Key"] = AdminSetup.Key;
        _service = await ApiProcess.StartAsync(settings);

        var user = _service.As(ApiIds.NextUserId());
        _checkouts = await MixedCheckouts.MakeAsync(user, _broker.BootstrapServers, "watch");
        _stuck = ApiIds.NewRequestId("watch-stuck");
        await user.CheckoutToEndAsync(_stuck, (7, 1));
        await MakeStuckAsync(_stuck);

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
    public async Task Should_show_the_counts_of_GET_admin_states_and_a_checkouts_path()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1200 } });
        try
        {
            await page.GotoAsync(new Uri(_service.BaseAddress, "/admin/").ToString());
            await page.GetByLabel("Admin key", new() { Exact = true }).FillAsync(AdminSetup.Key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Open the dashboard" }).ClickAsync();
            await Expect(page.Locator("#dashboard")).ToBeVisibleAsync();

            // Every state on the graph shows what GET /admin/states counts; the moves of the last hour are on the arrows.
            var states = await GetStatesAsync();
            Assert.That(states.Values.Sum(), Is.EqualTo(MixedCheckouts.Count + 1));
            foreach (var (state, count) in states)
                await Expect(State(page, state).Locator(".flow-count")).ToHaveTextAsync($"{count} now");
            await Expect(Move(page, "Initial", "Pricing")).ToHaveAttributeAsync("data-count", $"{MixedCheckouts.Count + 1}");
            await Expect(Move(page, "Pricing", "Rejected")).ToHaveAttributeAsync("data-count", "2");
            await Expect(Move(page, "Paid", "Shipped")).ToHaveAttributeAsync("data-count", "1");
            await Expect(Move(page, "Refunding", "Cancelled")).ToHaveAttributeAsync("data-count", "1");
            await Expect(Move(page, "Pricing", "TimedOut")).ToHaveAttributeAsync("data-count", "0");

            // The checkout waiting ten minutes for Payment marks its state as stuck.
            await Expect(State(page, "AwaitingPayment")).ToHaveClassAsync(new Regex("\\bstuck\\b"));
            await Expect(State(page, "AwaitingPayment").Locator(".flow-stuck")).ToHaveTextAsync("\u26a0 1 stuck");
            await Expect(State(page, "Paid")).Not.ToHaveClassAsync(new Regex("\\bstuck\\b"));

            // The funnel of the last day.
            await Expect(page.Locator("#funnel-chart g[data-stage='started']")).ToHaveAttributeAsync("data-count", $"{MixedCheckouts.Count + 1}");
            await Expect(page.Locator("#funnel-chart g[data-stage='shipped']")).ToHaveAttributeAsync("data-count", "1");
            await Expect(page.Locator("#funnel-ends")).ToContainTextAsync("OUT_OF_STOCK: 1");
            await SaveScreenshotAsync(page.Locator("#flow-panel"), "flow-counts", "The flow with live counts and a stuck state");
            await SaveScreenshotAsync(page.Locator("#funnel-panel"), "flow-funnel", "The funnel of the last day");

            // Choosing a state lists its checkouts; choosing one of them draws its path.
            await State(page, "Rejected").ClickAsync();
            await Expect(page.Locator("#flow-state-checkouts li")).ToHaveCountAsync(2);
            await State(page, "Cancelled").ClickAsync();
            await Expect(page.Locator("#flow-state-checkouts li")).ToHaveCountAsync(1);
            await page.Locator("#flow-state-checkouts").GetByRole(AriaRole.Button, new() { Name = _checkouts.CancelledAfterPayment }).ClickAsync();

            string[] path = ["Initial", "Pricing", "AwaitingPayment", "Paid", "Refunding", "Cancelled"];
            await Expect(page.Locator("#flow-path-steps li")).ToHaveCountAsync(path.Length - 1);
            await Expect(page.Locator("#flow-graph path.flow-edge.on-path")).ToHaveCountAsync(path.Length - 1);
            for (var i = 1; i < path.Length; i++)
                await Expect(page.Locator($"#flow-graph path.flow-edge.on-path[data-from='{path[i - 1]}'][data-to='{path[i]}']")).ToHaveCountAsync(1);
            await Expect(page.Locator("#flow-graph g.flow-state.on-path")).ToHaveCountAsync(path.Length);
            foreach (var spent in path[1..^1])
                await Expect(State(page, spent).Locator(".flow-spent")).ToHaveTextAsync(new Regex("^\\d+(\\.\\d)? (ms|s)$|min"));
            await Expect(State(page, "Cancelled").Locator(".flow-spent")).ToHaveTextAsync("here now");
            await Expect(page.Locator("#flow-path-steps li").Last).ToContainTextAsync("here now");
            await Expect(State(page, "Shipped").Locator(".flow-spent")).ToHaveTextAsync("");
            await Expect(page.Locator("#flow-path-title")).ToHaveTextAsync($"Path of {_checkouts.CancelledAfterPayment}");
            await SaveScreenshotAsync(page.Locator("#flow-panel"), "flow-path", "A cancelled-after-payment checkout's path with the time spent in each state");
        }
        finally
        {
            var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", $"admin-flow-page-{DateTime.UtcNow:yyyyMMddHHmmss}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddTestAttachment(path, "The whole dashboard at the end of the flow test");
            await page.CloseAsync();
        }
    }

    private static ILocator State(IPage page, string state) => page.Locator($"#flow-graph g.flow-state[data-state='{state}']");

    private static ILocator Move(IPage page, string from, string to) => page.Locator($"#flow-graph g.flow-edge-label[data-from='{from}'][data-to='{to}']");

    private async Task<Dictionary<string, long>> GetStatesAsync()
    {
        using var http = new HttpClient { BaseAddress = _service.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/states");
        request.Headers.Add(AdminCaller.KeyHeader, AdminSetup.Key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("state").GetString()!, s => s.GetProperty("count").GetInt64());
    }

    /// <summary>The checkout as if Payment had not answered for ten minutes: back in AwaitingPayment, unchanged since.</summary>
    private async Task MakeStuckAsync(string requestId)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE checkout_sagas SET current_state = 'AwaitingPayment', updated_at = now() - interval '10 minutes' WHERE request_id = @id", connection);
        command.Parameters.AddWithValue("id", requestId);
        Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1));
    }

    private static async Task SaveScreenshotAsync(ILocator element, string name, string description)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots", $"admin-{name}-{DateTime.UtcNow:yyyyMMddHHmmss}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path, description);
    }
}
