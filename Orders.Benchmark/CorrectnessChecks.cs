using System.Diagnostics;

namespace Orders.Benchmark;

/// <summary>
/// What a run checks once its checkouts are done: a poll of those the topic showed no end of, a sample polled as a
/// cross-check, the database once the outbox is drained, the payment topic, and where the measured checkouts' time went.
/// </summary>
/// <param name="Unseen">Checkouts (warm-up and measured) the orders topic showed no end of.</param>
/// <param name="Sample">Measured checkouts seen ending that were polled as a cross-check.</param>
/// <param name="SampleMismatches">Of those, the ones not Paid by the poll or not order.paid on the topic.</param>
/// <param name="Drained">Whether the relay delivered everything left in the outbox in time.</param>
/// <param name="Database">What the database holds of the run's checkouts.</param>
/// <param name="Audit">The payment requests on the topic for the run's checkouts.</param>
/// <param name="Stages">Milliseconds of the measured checkouts' stages, from their timelines.</param>
/// <param name="Expected">Checkouts the run sent, warm-up included.</param>
/// <param name="NotAccepted">Checkouts the service kept refusing (503) until their time was up: never accepted, not lost.</param>
/// <param name="Lost">Accepted checkouts not recorded, or recorded but not final.</param>
/// <param name="Correct">
/// Every accepted checkout recorded once and final, no order and no payment request twice, nothing left undelivered.
/// Whether each ended Paid (what its products call for) is <paramref name="AllPaid"/>: an overloaded run may time some out.
/// </param>
/// <param name="AllPaid">Whether every checkout of the run ended Paid.</param>
public sealed record CorrectnessChecks(
    IReadOnlyList<TrackedCheckout> Unseen, int Sample, int SampleMismatches, bool Drained, DatabaseChecks Database, PaymentAudit Audit,
    Dictionary<string, double> Stages, int Expected, int NotAccepted, long Lost, bool Correct, bool AllPaid)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static async Task<CorrectnessChecks> RunAsync(
        IReadOnlyList<TrackedCheckout> all, IReadOnlyList<TrackedCheckout> measured, string prefix,
        CheckoutDriver driver, CompletionWatcher watcher, DatabaseProbe probe, BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(watcher);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(options);
        var unseen = all.Where(c => c.Finished == 0).ToList();
        foreach (var checkout in unseen.Where(c => c.Outcome is null))
            checkout.Polled(await driver.PollStateAsync(checkout).ConfigureAwait(false) ?? "unknown");
        var sample = measured.Where(c => c.Finished != 0).Take(200).ToList();
        var sampleMismatches = 0;
        foreach (var checkout in sample)
        {
            if (await driver.PollStateAsync(checkout).ConfigureAwait(false) != "Paid" || checkout.Outcome != "order.paid")
                sampleMismatches++;
        }

        var drained = await DrainOutboxAsync(probe).ConfigureAwait(false);
        var checks = await probe.CheckAsync(prefix).ConfigureAwait(false);
        var audit = PaymentRequestAudit.Read(options.Kafka, prefix);
        var stages = await probe.StagesAsync(prefix + "[0-9]+").ConfigureAwait(false);

        var expected = all.Count;
        // A checkout the service kept refusing (503) until its time was up was never accepted: not lost, counted apart.
        var notAccepted = all.Count(c => c.Outcome == "not-accepted");
        var lost = checks.Checkouts - checks.Final + Math.Max(0, expected - notAccepted - checks.Checkouts);
        // A checkout with an order id has exactly one orders row and was sent to Payment exactly once.
        var correct = lost == 0 && checks.Checkouts <= expected
            && checks.Orders == checks.WithOrder && checks.OrderedTwice == 0
            && checks.PaymentRequests == checks.WithOrder && checks.PaymentRequestedTwice == 0
            && audit.ReadToEnd && audit.Checkouts == checks.WithOrder && audit.RequestedTwice == 0
            && watcher.ConflictingEvents == 0 && sampleMismatches == 0 && drained;
        var allPaid = checks.Paid == expected;
        return new CorrectnessChecks(unseen, sample.Count, sampleMismatches, drained, checks, audit, stages, expected, notAccepted, lost, correct, allPaid);
    }

    /// <summary>Waits for the relay to deliver what the run left in the outbox, so the topic audit sees everything.</summary>
    private static async Task<bool> DrainOutboxAsync(DatabaseProbe probe)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if ((await probe.CheckAsync("\u0001").ConfigureAwait(false)).UndeliveredOutbox == 0)
                return true;
            await Task.Delay(200).ConfigureAwait(false);
        }
        return false;
    }
}
