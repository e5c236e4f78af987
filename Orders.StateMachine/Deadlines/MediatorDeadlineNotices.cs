using MassTransit.Mediator;
using Orders.Contracts;

namespace Orders.StateMachine.Deadlines;

/// <summary>Sends expiry notices through the mediator the saga runs on; it is ready as soon as it exists.</summary>
public sealed class MediatorDeadlineNotices(IMediator mediator) : IDeadlineNotices
{
    public Task WhenReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SendAsync(CheckoutDeadlineExpired notice, CancellationToken cancellationToken) => mediator.Send(notice, cancellationToken);
}
