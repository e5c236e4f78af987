namespace Orders.Api.Identity;

/// <summary>
/// The routes users reach through the gateway: everything under /orders and under /Order (the gateway routes of
/// the service this one replaces). Health, metrics, OpenAPI and admin routes lie outside. Paths compare without
/// regard to case, as routing matches them.
/// </summary>
public static class UserRoutes
{
    private static readonly PathString[] Prefixes = ["/orders", "/Order"];

    public static bool Contains(PathString path) => Prefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
