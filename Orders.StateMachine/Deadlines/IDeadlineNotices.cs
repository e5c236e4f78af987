using Orders.Contracts;

namespace Orders.StateMachine.Deadlines;

/// <summary>Hands an expiry notice to the checkout saga: through the mediator in the service, on the bus in the flow tests.</summary>
public interface IDeadlineNotices
{
    /// <summary>Returns once notices can be handed over; one sent before would be lost.</summary>
    Task WhenReadyAsync(CancellationToken cancellationToken);

    Task SendAsync(CheckoutDeadlineExpired notice, CancellationToken cancellationToken);
}
