using Microsoft.Extensions.Options;

namespace Orders.Api.Operations;

/// <summary>Rejects operations settings that cannot work, naming the setting.</summary>
public sealed class OperationsOptionsValidator : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = OperationsOptions.Section;
        var failures = new List<string>();
        if (options.StuckAfter < TimeSpan.FromSeconds(1))
            failures.Add($"{section}:{nameof(options.StuckAfter)} must be at least 00:00:01, such as 00:05:00");
        if (options.MaxOutboxBacklog < 1)
            failures.Add($"{section}:{nameof(options.MaxOutboxBacklog)} must be a whole number of at least 1, such as 10000");
        if (options.MaxConsumerLag < 1)
            failures.Add($"{section}:{nameof(options.MaxConsumerLag)} must be a whole number of at least 1, such as 10000");
        if (options.MaxConcurrentCheckouts < 1)
            failures.Add($"{section}:{nameof(options.MaxConcurrentCheckouts)} must be a whole number of at least 1, such as 32");
        if (options.SubmitBatchSize is < 1 or > 1000)
            failures.Add($"{section}:{nameof(options.SubmitBatchSize)} must be between 1 and 1000, such as 32");
        if (options.SubmitBatchWorkers is < 1 or > 64)
            failures.Add($"{section}:{nameof(options.SubmitBatchWorkers)} must be between 1 and 64, such as 2");
        if (options.CheckoutQueueLimit < 0)
            failures.Add($"{section}:{nameof(options.CheckoutQueueLimit)} must be a whole number of at least 0, such as 256");
        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromMinutes(5))
            failures.Add($"{section}:{nameof(options.RefreshInterval)} must be between 00:00:00.1 and 00:05:00");
        if (options.ShutdownTimeout < TimeSpan.FromSeconds(1) || options.ShutdownTimeout > TimeSpan.FromMinutes(10))
            failures.Add($"{section}:{nameof(options.ShutdownTimeout)} must be between 00:00:01 and 00:10:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
