using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;
using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>The filters of GET /admin/dead-letters, bound as text so a malformed one is reported under its own name.</summary>
public readonly record struct AdminDeadLettersQuery(
    [property: Description("Only the dead letters that name this checkout.")]
    [FromQuery(Name = "requestId")] string? RequestId,
    [property: Description("Only the dead letters that came from this topic.")]
    [FromQuery(Name = "topic")] string? Topic,
    [property: Description("true: only replayed ones; false: only those not replayed yet.")]
    [FromQuery(Name = "replayed")] string? Replayed)
{
    public DeadLetterFilter Validate(ValidationErrors errors) => new(
        AdminQueryValues.RequestId(RequestId, "requestId", errors),
        string.IsNullOrEmpty(Topic) ? null : Topic,
        AdminQueryValues.Bool(Replayed, "replayed", errors));
}
