using Microsoft.Extensions.Options;

namespace Orders.Api.Live;

/// <summary>Rejects stream settings that would hammer the database or let proxies drop idle streams, naming the setting.</summary>
public sealed class LiveStatusOptionsValidator : IValidateOptions<LiveStatusOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveStatusOptions options)
    {
        var failures = new List<string>();
        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromSeconds(10))
            failures.Add($"{LiveStatusOptions.Section}:{nameof(options.PollInterval)} must be between 00:00:00.010 and 00:00:10");
        if (options.ResyncInterval < TimeSpan.FromMilliseconds(100) || options.ResyncInterval > TimeSpan.FromMinutes(5))
            failures.Add($"{LiveStatusOptions.Section}:{nameof(options.ResyncInterval)} must be between 00:00:00.100 and 00:05:00");
        if (options.MaxStreams is < 1 or > 1_000_000)
            failures.Add($"{LiveStatusOptions.Section}:{nameof(options.MaxStreams)} must be between 1 and 1000000, such as 1000");
        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(100) || options.HeartbeatInterval > TimeSpan.FromMinutes(5))
            failures.Add($"{LiveStatusOptions.Section}:{nameof(options.HeartbeatInterval)} must be between 00:00:00.100 and 00:05:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
