using System.Net;
using System.Text.Json;

namespace Orders.Tests.Support;

/// <summary>The host's OpenAPI document, read as its clients read it.</summary>
public static class ApiDocument
{
    /// <summary>The operation of <paramref name="method"/> (lower case) on <paramref name="path"/>; fails when the document lacks it.</summary>
    public static async Task<JsonElement> OperationAsync(ApiHost host, string path, string method)
    {
        var document = await host.NewUser().SendAsync(HttpMethod.Get, "/openapi/v1.json");
        Assert.That(document.Status, Is.EqualTo(HttpStatusCode.OK), document.ToString);
        Assert.That(document.Json.GetProperty("paths").TryGetProperty(path, out var operations), Is.True, $"{path} is not in the document");
        return operations.GetProperty(method);
    }

    /// <summary>The operation's parameters as "in name", such as "header X-UserId".</summary>
    public static IReadOnlyList<string> Parameters(JsonElement operation) =>
        operation.GetProperty("parameters").EnumerateArray().Select(p => $"{p.Text("in")} {p.Text("name")}").ToList();
}
