namespace Orders.Api.Identity;

/// <summary>The user a request is made for, as the gateway vouched for it.</summary>
public sealed record Caller(long UserId, string Email);
