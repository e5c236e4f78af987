namespace Orders.Benchmark.Chaos;

/// <summary>
/// What each chaos checkout is meant to become, by the simulators' documented rules: most are paid, some rejected
/// (product 404 is unavailable), some declined (Payment declines a charge above 10,000.00), some cancelled by their
/// user right after the 202 (before or after payment), some shipped once paid.
/// </summary>
public static class CheckoutMix
{
    public const string Paid = "paid";
    public const string Rejected = "rejected";
    public const string Declined = "declined";
    public const string Cancelled = "cancelled";
    public const string Shipped = "shipped";

    /// <summary>One in twenty rejected, one declined, two cancelled, two shipped, the rest paid.</summary>
    public static string KindOf(int index) => (index % 20) switch
    {
        0 => Rejected,
        1 => Declined,
        2 or 3 => Cancelled,
        4 or 5 => Shipped,
        _ => Paid,
    };

    public static string Body(string requestId, string kind)
    {
        var random = Random.Shared;
        var items = kind switch
        {
            Rejected => """{"productId":404,"quantity":1}""",
            // 11 x 999.99 = 10999.89: above what Payment charges.
            Declined => """{"productId":999,"quantity":11}""",
            _ => string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(i => 1 + i * 300 + random.Next(0, 300))
                .Select(p => $$"""{"productId":{{(p == 404 ? 405 : p)}},"quantity":{{random.Next(1, 4)}}}""")),
        };
        return $$"""{"requestId":"{{requestId}}","items":[{{items}}]}""";
    }
}
