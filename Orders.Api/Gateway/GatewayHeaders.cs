using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Identity;
using Orders.Api.Validation;

namespace Orders.Api.Gateway;

/// <summary>The identity headers of the legacy checkout route, spelled as its gateways send them (names match case-insensitively).</summary>
public readonly record struct GatewayCallerHeaders(
    [property: Description("The caller's user id, a positive 64-bit integer. Required; set by the API gateway.")]
    [FromHeader(Name = CallerHeaders.UserIdHeader)] string? UserId,
    [property: Description("The caller's email address. Required; set by the API gateway.")]
    [FromHeader(Name = GatewayCallerHeaders.EmailHeader)] string? Email)
{
    public const string EmailHeader = "X-EMAIL";

    public Caller? Validate(ValidationErrors errors) => CallerHeaders.Validate(UserId, Email, EmailHeader, errors);
}

/// <summary>The one identity header the legacy read routes need.</summary>
public readonly record struct GatewayUserHeader(
    [property: Description("The caller's user id, a positive 64-bit integer. Required; set by the API gateway.")]
    [FromHeader(Name = CallerHeaders.UserIdHeader)] string? UserId)
{
    public long? Validate(ValidationErrors errors) => CallerHeaders.ValidateUserId(UserId, errors);
}
