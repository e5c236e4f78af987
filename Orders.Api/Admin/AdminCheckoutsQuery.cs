using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>The filters of GET /admin/checkouts, bound as text so a malformed one is reported under its own name.</summary>
public readonly record struct AdminCheckoutsQuery(
    [property: Description("Only checkouts in this state: Pricing, AwaitingPayment, Paid, Shipped, Rejected, PaymentFailed, TimedOut, Refunding, Cancelled or RefundFailed.")]
    [FromQuery(Name = "state")] string? State,
    [property: Description("Only the checkouts of this user (a positive integer).")]
    [FromQuery(Name = "userId")] string? UserId,
    [property: Description("Only checkouts created at or after this ISO 8601 time (e.g. 2026-11-22T10:00:00Z).")]
    [FromQuery(Name = "createdFrom")] string? CreatedFrom,
    [property: Description("Only checkouts created at or before this ISO 8601 time.")]
    [FromQuery(Name = "createdTo")] string? CreatedTo,
    [property: Description("Only checkouts last changed at or after this ISO 8601 time.")]
    [FromQuery(Name = "updatedFrom")] string? UpdatedFrom,
    [property: Description("Only checkouts last changed at or before this ISO 8601 time.")]
    [FromQuery(Name = "updatedTo")] string? UpdatedTo)
{
    public CheckoutFilter Validate(ValidationErrors errors)
    {
        var filter = new CheckoutFilter(
            AdminQueryValues.OneOf(State, "state", AdminStates.All, errors),
            AdminQueryValues.PositiveLong(UserId, "userId", errors),
            AdminQueryValues.Time(CreatedFrom, "createdFrom", errors),
            AdminQueryValues.Time(CreatedTo, "createdTo", errors),
            AdminQueryValues.Time(UpdatedFrom, "updatedFrom", errors),
            AdminQueryValues.Time(UpdatedTo, "updatedTo", errors));
        AdminQueryValues.Range(filter.CreatedFrom, filter.CreatedTo, "createdFrom", "createdTo", errors);
        AdminQueryValues.Range(filter.UpdatedFrom, filter.UpdatedTo, "updatedFrom", "updatedTo", errors);
        return filter;
    }
}
