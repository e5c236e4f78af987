namespace Orders.Tests.Support;

/// <summary>Callers that come through the API gateway: every request carries the gateway's secret header.</summary>
public static class ApiGatewayClient
{
    public const string SecretHeader = "X-Gateway-Secret";

    /// <summary>An HTTP client of the host whose every request carries <paramref name="secret"/> (none when null).</summary>
    public static HttpClient CreateClient(this ApiHost host, string? secret)
    {
        var client = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (secret is not null)
            client.DefaultRequestHeaders.Add(SecretHeader, secret);
        return client;
    }

    /// <summary>A new user calling through a gateway that sends <paramref name="secret"/> (none when null).</summary>
    public static ApiCaller NewUserBehindGateway(this ApiHost host, string? secret)
    {
        var userId = ApiIds.NextUserId();
        return new ApiCaller(host.CreateClient(secret), userId, $"user{userId}@example.com");
    }
}
