using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orders.Contracts;
using Orders.StateMachine.Reading;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_the_saga_does_not_answer_in_time
{
    [Test]
    public async Task Should_answer_503_with_retry_after_to_a_checkout()
    {
        await using var host = await ApiHost.StartAsync(services: s => s.AddScoped(_ => ApiTimingOutRequestClient.Create<SubmitCheckout>()));

        var response = await host.NewUser().CheckoutAsync(ApiIds.NewRequestId(), (1, 1));

        AssertBusy(response);
    }

    [Test]
    public async Task Should_answer_503_with_retry_after_to_a_cancellation()
    {
        await using var host = await ApiHost.StartAsync(services: s => s.AddScoped(_ => ApiTimingOutRequestClient.Create<CancelCheckout>()));
        var caller = host.NewUser();
        var requestId = ApiIds.NewRequestId();
        await caller.CheckoutAsync(requestId, (1, 1));

        var response = await caller.CancelAsync(requestId);

        AssertBusy(response);
    }

    private static void AssertBusy(ApiResponse response) => Assert.Multiple(() =>
    {
        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), response.ToString);
        Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(response["detail"], Does.Contain("again"));
    });
}

[TestFixture]
public class When_an_unexpected_error_occurs
{
    private ApiHost _host = null!;

    [OneTimeSetUp]
    public async Task Start_a_host_whose_storage_fails() =>
        _host = await ApiHost.StartAsync(services: s => s.AddSingleton<ICheckoutReader, ApiFailingReader>());

    [OneTimeTearDown]
    public ValueTask Stop_it() => _host.DisposeAsync();

    [TestCase("/orders/checkout/abc123xyz")]
    [TestCase("/orders")]
    public async Task Should_answer_a_500_problem_that_reveals_nothing_inside(string path)
    {
        var response = await _host.NewUser().SendAsync(HttpMethod.Get, path);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.InternalServerError), response.ToString);
            Assert.That(response.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(response["traceId"], Is.Not.Empty);
            Assert.That(response.Text, Does.Not.Contain(ApiFailingReader.Secret));
            Assert.That(response.Text, Does.Not.Contain("InvalidOperationException").And.Not.Contain(" at "));
        });
    }
}
