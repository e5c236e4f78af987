using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Orders.Tests.Support;

namespace Orders.Tests.Admin;

/// <summary>An operator talking to the admin API with a key (the right one, a wrong one, or none) and an optional name.</summary>
public sealed class AdminCaller(HttpClient http, string? key, string? name = null)
{
    public const string KeyHeader = "X-Admin-Key";
    public const string NameHeader = "X-Admin-Name";

    public static AdminCaller Of(ApiHost host, string? key, string? name = null) =>
        new(host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), key, name);

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path) => SendAsync(HttpMethod.Post, path);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
            request.Headers.Add(KeyHeader, key);
        if (name is not null)
            request.Headers.Add(NameHeader, name);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ApiCaller.ReadAsync(await http.SendAsync(request));
    }
}
