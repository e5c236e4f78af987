using Microsoft.Extensions.Options;

namespace Orders.StateMachine.Checkout;

/// <summary>Rejects checkout settings that would make deadlines meaningless, naming the setting.</summary>
public sealed class CheckoutOptionsValidator : IValidateOptions<CheckoutOptions>
{
    public ValidateOptionsResult Validate(string? name, CheckoutOptions options)
    {
        var failures = new List<string>();
        if (options.PricingTimeout <= TimeSpan.Zero)
            failures.Add($"{CheckoutOptions.Section}:{nameof(options.PricingTimeout)} must be a positive duration such as 00:00:30");
        if (options.PaymentTimeout <= TimeSpan.Zero)
            failures.Add($"{CheckoutOptions.Section}:{nameof(options.PaymentTimeout)} must be a positive duration such as 00:01:00");
        if (options.DeadlineSweepInterval <= TimeSpan.Zero || options.DeadlineSweepInterval > TimeSpan.FromMinutes(1))
            failures.Add($"{CheckoutOptions.Section}:{nameof(options.DeadlineSweepInterval)} must be between 00:00:00.001 and 00:01:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
