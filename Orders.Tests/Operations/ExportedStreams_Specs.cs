using System.Diagnostics.Metrics;
using MassTransit.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Orders.Api.Operations.Telemetry;

namespace Orders.Tests.Operations;

/// <summary>
/// Which instruments the service's meter provider listens to: MassTransit's meter without its receive group (so
/// MassTransit, which records that group only while its total counter is listened to, skips the work), everything else
/// of a process-wide meter, and nothing of a meter another host's factory made.
/// </summary>
[TestFixture]
public sealed class ExportedStreams_Specs
{
    [Test]
    public void Should_listen_to_MassTransits_saga_handler_and_outbox_instruments_but_not_its_receive_group()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var massTransit = new Meter(InstrumentationOptions.MeterName);
        var receive = massTransit.CreateCounter<long>("messaging.masstransit.receive");
        var receiveDuration = massTransit.CreateHistogram<double>("messaging.masstransit.receive.duration");
        var receiveActive = massTransit.CreateUpDownCounter<long>("messaging.masstransit.receive.active");
        var saga = massTransit.CreateCounter<long>("messaging.masstransit.saga");
        var handlerDuration = massTransit.CreateHistogram<double>("messaging.masstransit.handler.duration");
        var outboxSend = massTransit.CreateCounter<long>("messaging.masstransit.outbox.send");
        var receiverLike = massTransit.CreateCounter<long>("messaging.masstransit.received_elsewhere");
        using var provider = Listening(factory, InstrumentationOptions.MeterName);

        Assert.Multiple(() =>
        {
            Assert.That(new[] { receive.Enabled, receiveDuration.Enabled, receiveActive.Enabled }, Is.All.False, "the receive group");
            Assert.That(new[] { saga.Enabled, handlerDuration.Enabled, outboxSend.Enabled, receiverLike.Enabled }, Is.All.True, "the rest of MassTransit's meter");
        });
    }

    [Test]
    public void Should_listen_to_this_hosts_meters_and_not_to_another_hosts()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var name = $"ExportedStreams.{Guid.NewGuid():N}";
        var mine = services.GetRequiredService<IMeterFactory>().Create(name).CreateCounter<long>("ordersaga.test.receive");
        var theirs = other.GetRequiredService<IMeterFactory>().Create(name).CreateCounter<long>("ordersaga.test.receive");
        using var provider = Listening(services.GetRequiredService<IMeterFactory>(), name);

        Assert.Multiple(() =>
        {
            Assert.That(mine.Enabled, Is.True, "this host's");
            Assert.That(theirs.Enabled, Is.False, "another host's");
        });
    }

    private static MeterProvider Listening(IMeterFactory factory, string meter) => Sdk.CreateMeterProviderBuilder()
        .AddMeter(meter)
        .AddView(TelemetryRegistration.ExportedStreams(factory))
        .AddInMemoryExporter(new List<Metric>())
        .Build();
}
