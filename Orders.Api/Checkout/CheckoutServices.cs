using MassTransit;
using Orders.Contracts;
using Orders.StateMachine.Reading;

namespace Orders.Api.Checkout;

/// <summary>What the checkout endpoints use, bound as one parameter.</summary>
public sealed record CheckoutServices(
    CheckoutSubmitter Submit,
    IRequestClient<CancelCheckout> Cancel,
    ICheckoutReader Reader,
    ILogger<CheckoutServices> Log);
