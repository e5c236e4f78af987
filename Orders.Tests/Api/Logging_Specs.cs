using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_checkout_requests_are_answered
{
    private readonly ApiLogCapture _log = new();
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_that_keeps_its_log() =>
        _host = await ApiHost.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Orders.Api"] = "Information" },
            _log.AddTo);

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [Test]
    public async Task Should_log_an_accepted_checkout_in_a_scope_with_its_requestId()
    {
        var requestId = ApiIds.NewRequestId();

        await _host.NewUser().CheckoutAsync(requestId, (1, 1));

        Assert.That(LinesAbout(requestId), Has.Some.Contains("accepted"));
    }

    [Test]
    public async Task Should_log_a_conflicting_checkout_in_a_scope_with_its_requestId()
    {
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        await caller.CheckoutAsync(requestId, (1, 2));

        Assert.That(LinesAbout(requestId), Has.Some.Contains("conflict"));
    }

    [Test]
    public async Task Should_log_a_refused_cancellation_in_a_scope_with_its_requestId()
    {
        var caller = _host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutToEndAsync(requestId, (404, 1));

        await caller.CancelAsync(requestId);

        Assert.That(LinesAbout(requestId), Has.Some.Contains("refused"));
    }

    /// <summary>The API's lines written inside the logging scope of the checkout.</summary>
    private List<string> LinesAbout(string requestId) => _log.Entries
        .Where(e => e.Category.StartsWith("Orders.Api", StringComparison.Ordinal))
        .Where(e => e.Scope.TryGetValue("CheckoutRequestId", out var id) && Equals(id, requestId))
        .Select(e => e.Message)
        .ToList();
}
