using System.Net;
using Orders.Tests.Support;

namespace Orders.Tests.Api;

[TestFixture]
public class When_another_user_asks_for_a_checkout
{
    private ApiCaller _owner = null!;
    private ApiCaller _stranger = null!;
    private string _requestId = null!;

    [SetUp]
    public async Task The_owner_has_a_paid_checkout()
    {
        _owner = ApiHost.Shared.NewUser();
        _stranger = ApiHost.Shared.NewUser();
        _requestId = ApiIds.NewRequestId();
        await _owner.CheckoutToEndAsync(_requestId, (1, 1));
    }

    [Test]
    public async Task Should_answer_404_on_get_as_for_a_checkout_that_does_not_exist()
    {
        var response = await _stranger.GetCheckoutAsync(_requestId);
        var unknown = await _stranger.GetCheckoutAsync(_requestId.Replace("req-", "nop-", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
            Assert.That(response["title"], Is.EqualTo(unknown["title"]));
            Assert.That(response.Json.PropertyNames(), Is.EqualTo(unknown.Json.PropertyNames()));
            Assert.That(response.Text, Does.Not.Contain("Paid").And.Not.Contain(_owner.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task Should_answer_404_on_cancel_and_leave_the_checkout_alone()
    {
        var response = await _stranger.CancelAsync(_requestId);
        var owners = await _owner.GetCheckoutAsync(_requestId);

        Assert.Multiple(() =>
        {
            Assert.That(response.Status, Is.EqualTo(HttpStatusCode.NotFound), response.ToString);
            Assert.That(owners["state"], Is.EqualTo("Paid"));
        });
    }

    [Test]
    public async Task Should_not_list_it_among_the_strangers_orders()
    {
        var strangers = await _stranger.ListOrdersAsync();
        var owners = await _owner.ListOrdersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(strangers.Json.Number("total"), Is.Zero, strangers.ToString);
            Assert.That(strangers.Json.Items("orders"), Is.Empty);
            Assert.That(owners.Json.Items("orders").Select(o => o.Text("requestId")), Is.EqualTo(new[] { _requestId }));
        });
    }
}
