using Microsoft.Extensions.Options;

namespace Orders.Persistence.Retention;

/// <summary>Rejects retention settings that would remove checkouts still in use or never clean at all, naming the setting.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <summary>A finished checkout is kept at least this long: polls, repeated submits and late replies still need it.</summary>
    public static readonly TimeSpan MinimumFinishedCheckouts = TimeSpan.FromDays(1);

    public const int MaximumBatchSize = 100_000;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        if (options.FinishedCheckouts < MinimumFinishedCheckouts)
            failures.Add($"{RetentionOptions.Section}:{nameof(options.FinishedCheckouts)} must be at least 1.00:00:00 (one day) such as 90.00:00:00");
        if (options.DeliveredOutboxMessages <= TimeSpan.Zero)
            failures.Add($"{RetentionOptions.Section}:{nameof(options.DeliveredOutboxMessages)} must be a positive duration such as 7.00:00:00");
        if (options.Interval <= TimeSpan.Zero || options.Interval > TimeSpan.FromDays(1))
            failures.Add($"{RetentionOptions.Section}:{nameof(options.Interval)} must be between 00:00:00.001 and 1.00:00:00");
        if (options.BatchSize is < 1 or > MaximumBatchSize)
            failures.Add($"{RetentionOptions.Section}:{nameof(options.BatchSize)} must be between 1 and {MaximumBatchSize}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
