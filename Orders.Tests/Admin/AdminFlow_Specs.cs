using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orders.KafkaBroker.Hosting;
using Orders.StateMachine.Flow;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>GET /admin/flow: the graph the dashboard draws, with the checkouts in each state and the moves in a window.</summary>
[TestFixture]
public class When_an_admin_reads_the_flow
{
    [OneTimeSetUp]
    public async Task Checkouts_end_every_way()
    {
        var bootstrap = AdminSetup.Host.Services.GetRequiredService<InProcessKafkaBroker>().BootstrapServers;
        await MixedCheckouts.MakeAsync(AdminSetup.Host.NewUser(), bootstrap, "flow");
    }

    [Test]
    public async Task Should_draw_the_state_machines_graph_with_the_counts_of_GET_admin_states()
    {
        var flow = await AdminSetup.Admin().GetAsync("/admin/flow?window=5m");
        var states = await AdminSetup.Admin().GetAsync("/admin/states");
        var graph = FlowGraph.OfOrders();

        Assert.That(flow.Status, Is.EqualTo(HttpStatusCode.OK), flow.ToString);
        var counted = states.Json.Items("states").ToDictionary(s => s.Text("state")!, s => s.Number("count"));
        var drawn = flow.Json.Items("states").Where(s => !s.GetProperty("isStart").GetBoolean()).ToDictionary(s => s.Text("state")!, s => s.Number("count"));
        Assert.Multiple(() =>
        {
            Assert.That(flow.Json.Text("window"), Is.EqualTo("5m"));
            Assert.That(flow.Json.Number("stuckAfterMinutes"), Is.EqualTo(5));
            Assert.That(drawn, Is.EquivalentTo(counted));
            Assert.That(flow.Json.Items("transitions").Select(t => $"{t.Text("from")}->{t.Text("to")}"),
                Is.EqualTo(graph.Transitions.Select(t => $"{t.From}->{t.To}")));
            Assert.That(flow.Json.Items("transitions").Select(t => t.Text("path")), Has.All.StartWith("M "));
            Assert.That(flow.Json.Items("states").Where(s => s.GetProperty("waiting").GetBoolean()).Select(s => s.Text("state")),
                Is.EqualTo(ApiJson.Names("Pricing", "AwaitingPayment", "Refunding")));
        });
    }

    [Test]
    public async Task Should_count_each_move_made_in_the_window()
    {
        var flow = await AdminSetup.Admin().GetAsync("/admin/flow?window=5m");
        var moves = flow.Json.Items("transitions").ToDictionary(t => $"{t.Text("from")}->{t.Text("to")}", t => t.Number("count"));

        // At least this fixture's checkouts: other admin tests of the last five minutes add theirs.
        Assert.Multiple(() =>
        {
            Assert.That(moves["Initial->Pricing"], Is.GreaterThanOrEqualTo(MixedCheckouts.Count), flow.ToString);
            Assert.That(moves["Pricing->AwaitingPayment"], Is.GreaterThanOrEqualTo(4));
            Assert.That(moves["Pricing->Rejected"], Is.GreaterThanOrEqualTo(2));
            Assert.That(moves["AwaitingPayment->PaymentFailed"], Is.GreaterThanOrEqualTo(1));
            Assert.That(moves["Paid->Shipped"], Is.GreaterThanOrEqualTo(1));
            Assert.That(moves["Paid->Refunding"], Is.GreaterThanOrEqualTo(1));
            Assert.That(moves["Refunding->Cancelled"], Is.GreaterThanOrEqualTo(1));
            Assert.That(moves["Initial->Pricing"], Is.GreaterThanOrEqualTo(moves["Pricing->AwaitingPayment"] + moves["Pricing->Rejected"]));
        });
    }

    [Test]
    public async Task Should_refuse_a_window_it_does_not_offer()
    {
        var response = await AdminSetup.Admin().GetAsync("/admin/flow?window=2h");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.BadRequest), response.ToString);
        Assert.That(response.Json.GetProperty("errors").PropertyNames(), Is.EqualTo(ApiJson.Names("window")));
    }

    [Test]
    public async Task Should_need_the_admin_key()
    {
        var response = await AdminCaller.Of(AdminSetup.Host, "not-the-key").GetAsync("/admin/flow");

        Assert.That(response.Status, Is.EqualTo(HttpStatusCode.Unauthorized), response.ToString);
    }
}
