using Microsoft.Extensions.Options;

namespace Orders.Api.Identity;

/// <summary>Refuses a gateway secret short enough to guess, naming the setting (the value is never echoed).</summary>
public sealed class GatewayTrustOptionsValidator : IValidateOptions<GatewayTrustOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayTrustOptions options) =>
        options.IsEnabled && (options.Secret!.Length < GatewayTrustOptions.MinSecretLength || options.Secret.Trim().Length != options.Secret.Length)
            ? ValidateOptionsResult.Fail(
                $"{GatewayTrustOptions.SecretKey} must be at least {GatewayTrustOptions.MinSecretLength} characters without leading or trailing spaces, or empty to turn the check off")
            : ValidateOptionsResult.Success;
}
