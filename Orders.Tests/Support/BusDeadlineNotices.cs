using MassTransit;
using Orders.Contracts;
using Orders.StateMachine.Deadlines;

namespace Orders.Tests.Support;

/// <summary>Publishes expiry notices on the bus the saga listens on, once that bus has started.</summary>
public sealed class BusDeadlineNotices(IBusControl bus) : IDeadlineNotices
{
    public Task WhenReadyAsync(CancellationToken cancellationToken) => bus.WhenStartedAsync(cancellationToken);

    public Task SendAsync(CheckoutDeadlineExpired notice, CancellationToken cancellationToken) => bus.Publish(notice, cancellationToken);
}
