using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;
using Orders.Persistence;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>The filters of GET /admin/orders, bound as text so a malformed one is reported under its own name.</summary>
public readonly record struct AdminOrdersQuery(
    [property: Description("Only orders with this status: pending, paid, payment_failed, timed_out, cancelled, refunding, refund_failed or shipped.")]
    [FromQuery(Name = "status")] string? Status,
    [property: Description("Only the orders of this user (a positive integer).")]
    [FromQuery(Name = "userId")] string? UserId,
    [property: Description("Only orders created at or after this ISO 8601 time (e.g. 2026-11-22T10:00:00Z).")]
    [FromQuery(Name = "createdFrom")] string? CreatedFrom,
    [property: Description("Only orders created at or before this ISO 8601 time.")]
    [FromQuery(Name = "createdTo")] string? CreatedTo)
{
    public static readonly IReadOnlyList<string> Statuses =
    [
        OrderStatus.Pending, OrderStatus.Paid, OrderStatus.PaymentFailed, OrderStatus.TimedOut,
        OrderStatus.Cancelled, OrderStatus.Refunding, OrderStatus.RefundFailed, OrderStatus.Shipped,
    ];

    public OrderFilter Validate(ValidationErrors errors)
    {
        var filter = new OrderFilter(
            AdminQueryValues.OneOf(Status, "status", Statuses, errors),
            AdminQueryValues.PositiveLong(UserId, "userId", errors),
            AdminQueryValues.Time(CreatedFrom, "createdFrom", errors),
            AdminQueryValues.Time(CreatedTo, "createdTo", errors));
        AdminQueryValues.Range(filter.CreatedFrom, filter.CreatedTo, "createdFrom", "createdTo", errors);
        return filter;
    }
}
