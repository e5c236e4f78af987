namespace Orders.Api.Identity;

/// <summary>
/// The secret the API gateway proves itself with, bound from the "Gateway" configuration section (env
/// <c>Gateway__Secret</c>). Unset or empty: user requests are not checked, and their identity headers are trusted as sent.
/// </summary>
public sealed class GatewayTrustOptions
{
    public const string Section = "Gateway";
    public const string SecretKey = $"{Section}:{nameof(Secret)}";
    public const string SecretHeader = "X-Gateway-Secret";
    public const int MinSecretLength = 16;

    public string? Secret { get; set; }

    public bool IsEnabled => !string.IsNullOrEmpty(Secret);
}
