using MassTransit;
using Orders.Contracts;
using Orders.Persistence.Admin;
using Orders.StateMachine.Reading;

namespace Orders.Api.Admin;

/// <summary>What the admin cancel endpoint uses, bound as one parameter.</summary>
public sealed record AdminCancelServices(
    IRequestClient<CancelCheckout> Cancel,
    ICheckoutReader Reader,
    AdminAuditLog Audit,
    ILogger<AdminCancelServices> Log);
