namespace Orders.Api.Operations.Health;

/// <summary>The body of <c>/health/live</c> and <c>/health/ready</c>.</summary>
public sealed record HealthResponse(string Status, double DurationMs, IReadOnlyList<HealthCheckResponse> Checks);

/// <summary>One check of a health answer.</summary>
public sealed record HealthCheckResponse(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object>? Data);
