using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>The checkout flow with live counts, and the funnel of a time window: what the dashboard's flow panel draws.</summary>
public static class AdminFlowApi
{
    public const string DefaultWindow = "1h";
    public static readonly TimeSpan DefaultFunnelSpan = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxFunnelSpan = TimeSpan.FromDays(31);

    /// <summary>The windows the flow's transition counts cover, by the name the query gives.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Windows = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["5m"] = TimeSpan.FromMinutes(5),
        ["1h"] = TimeSpan.FromHours(1),
        ["1d"] = TimeSpan.FromDays(1),
    };

    public static IEndpointRouteBuilder MapAdminFlowEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet("/flow", FlowAsync)
            .WithName("AdminGetFlow")
            .WithSummary("The checkout flow with live counts")
            .WithDescription(
                "The state machine's graph as drawn from OrderStateMachine (states with their boxes, transitions with their events, " +
                "SVG path data and label positions), each state with the checkouts in it now and how many of them wait longer than " +
                $"the stuck threshold ({AdminCheckoutsApi.DefaultStuckMinutes} minutes, as GET /admin/stuck), each transition with the " +
                "number of checkouts that made it in the window (5m, 1h or 1d before now; default 1h), counted from checkout_timeline.");

        admin.MapGet("/funnel", FunnelAsync)
            .WithName("AdminGetFunnel")
            .WithSummary("The checkout funnel of a time window")
            .WithDescription(
                "For the checkouts that started in [from, to) (default: the day before now; at most 31 days): how many were priced " +
                "(reached AwaitingPayment), paid and shipped; where every one of them is now; the Rejected ones by reason code, " +
                "the PaymentFailed ones by reason, the TimedOut ones by the step they timed out in, the Cancelled ones before or " +
                "after payment; and the median and 95th percentile time of each step of the main path, in seconds.");

        return admin;
    }

    public static async Task<Results<Ok<FlowView>, ValidationProblem>> FlowAsync(
        [Description("The window of the transition counts: 5m, 1h or 1d; default 1h.")]
        [FromQuery(Name = "window")] string? window,
        AdminFlowQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var name = AdminQueryValues.OneOf(window, "window", [.. Windows.Keys], errors) ?? DefaultWindow;
        if (!errors.IsEmpty)
            return errors.ToProblem();

        var stuckAfter = TimeSpan.FromMinutes(AdminCheckoutsApi.DefaultStuckMinutes);
        return TypedResults.Ok(await queries.FlowAsync(name, Windows[name], stuckAfter, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Results<Ok<FunnelView>, ValidationProblem>> FunnelAsync(
        [Description("Start of the window (inclusive), ISO 8601; default: a day before to.")]
        [FromQuery(Name = "from")] string? from,
        [Description("End of the window (exclusive), ISO 8601; default: now.")]
        [FromQuery(Name = "to")] string? to,
        TimeProvider clock,
        AdminFlowQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var end = AdminQueryValues.Time(to, "to", errors) ?? clock.GetUtcNow();
        var start = AdminQueryValues.Time(from, "from", errors) ?? end - DefaultFunnelSpan;
        if (errors.IsEmpty && start >= end)
            errors.Add("from", "from must be earlier than to");
        else if (errors.IsEmpty && end - start > MaxFunnelSpan)
            errors.Add("from", $"the window from from to to must be at most {MaxFunnelSpan.TotalDays:0} days");
        if (!errors.IsEmpty)
            return errors.ToProblem();

        return TypedResults.Ok(await queries.FunnelAsync(start, end, cancellationToken).ConfigureAwait(false));
    }
}
