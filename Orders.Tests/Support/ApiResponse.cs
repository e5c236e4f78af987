using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Orders.Tests.Support;

/// <summary>A response read to the end: status, headers and body as text and as JSON.</summary>
public sealed class ApiResponse
{
    private readonly Lazy<JsonElement> _json;

    public ApiResponse(HttpStatusCode status, HttpResponseHeaders headers, string? mediaType, string text)
    {
        Status = status;
        Headers = headers;
        MediaType = mediaType;
        Text = text;
        _json = new(() =>
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        });
    }

    public HttpStatusCode Status { get; }
    public HttpResponseHeaders Headers { get; }
    public string? MediaType { get; }
    public string Text { get; }

    public JsonElement Json => _json.Value;

    public string? Location => Headers.Location?.OriginalString;

    /// <summary>The keys of a validation problem's errors object.</summary>
    public IReadOnlyList<string> ErrorKeys =>
        Json.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).ToList() : [];

    public string? this[string property] =>
        Json.TryGetProperty(property, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    public override string ToString() => $"{(int)Status} {Text}";
}
