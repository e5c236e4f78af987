using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Orders.Api.Validation;

namespace Orders.Api.Checkout;

/// <summary>
/// Reads and validates a checkout body by hand: at most 64 KiB is read, and every failure is reported
/// under the field it concerns, with the line and byte where malformed JSON broke. A line names its product
/// as "productId", or as "id" in the gateway's legacy shape (see Gateway/GatewayApi).
/// </summary>
public static class CheckoutBody
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxLines = 100;
    public const int MaxQuantity = 1000;
    public const string Field = "body";
    public const string ProductIdField = "productId";

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    /// <summary>Why the Content-Type cannot be read as UTF-8 JSON, or null when it can.</summary>
    public static string? MediaTypeProblem(HttpRequest request)
    {
        const string expected = "Content-Type must be application/json (UTF-8)";
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
            return $"{expected}; the request has {(string.IsNullOrEmpty(request.ContentType) ? "none" : $"'{request.ContentType}'")}";
        if (!mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            return $"{expected}; the request has '{request.ContentType}'";
        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return $"{expected}; charset '{mediaType.Charset}' is not supported";
        return null;
    }

    /// <summary>The checkout the body asks for, or null with the reasons recorded in <paramref name="errors"/>.</summary>
    public static Task<CheckoutRequest?> ReadAsync(HttpRequest request, ValidationErrors errors, CancellationToken cancellationToken) =>
        ReadAsync(request, ProductIdField, errors, cancellationToken);

    /// <summary>As <see cref="ReadAsync(HttpRequest, ValidationErrors, CancellationToken)"/>, with lines naming their product by <paramref name="productField"/>.</summary>
    public static async Task<CheckoutRequest?> ReadAsync(HttpRequest request, string productField, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            errors.Add(Field, TooLarge);
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = await ReadAtMostAsync(request.Body, buffer.AsMemory(0, MaxBytes + 1), cancellationToken).ConfigureAwait(false);
            if (length > MaxBytes)
            {
                errors.Add(Field, TooLarge);
                return null;
            }
            return Parse(buffer.AsMemory(0, length), productField, errors);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CheckoutRequest? Parse(ReadOnlyMemory<byte> json, string productField, ValidationErrors errors)
    {
        if (json.Span.StartsWith("\uFEFF"u8))
            json = json[3..];
        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            errors.Add(Field, "A JSON body is required");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException ex)
        {
            errors.Add(Field, $"The body is not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ReasonOf(ex)}");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Field, $"The body must be a JSON object, not {Describe(root.ValueKind)}");
                return null;
            }

            var requestId = ReadRequestId(root, errors);
            var items = ReadItems(root, productField, errors);
            return errors.IsEmpty ? new CheckoutRequest(requestId!, items!) : null;
        }
    }

    private static string TooLarge => $"The body must not be larger than {MaxBytes / 1024} KiB";

    private static async Task<int> ReadAtMostAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await body.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }

    private static string? ReadRequestId(JsonElement root, ValidationErrors errors)
    {
        if (!TryGetProperty(root, "requestId", out var value))
        {
            errors.Add(RequestIds.Field, "requestId is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || !RequestIds.IsValid(value.GetString()))
        {
            errors.Add(RequestIds.Field, RequestIds.Rule);
            return null;
        }
        return value.GetString();
    }

    private static List<CheckoutItemRequest>? ReadItems(JsonElement root, string productField, ValidationErrors errors)
    {
        const string field = "items";
        if (!TryGetProperty(root, field, out var items))
        {
            errors.Add(field, "items is required");
            return null;
        }
        if (items.ValueKind != JsonValueKind.Array)
        {
            errors.Add(field, $"items must be an array of lines, not {Describe(items.ValueKind)}");
            return null;
        }
        var count = items.GetArrayLength();
        if (count == 0 || count > MaxLines)
        {
            errors.Add(field, $"items must hold 1 to {MaxLines} lines; it holds {count}");
            return null;
        }

        var lines = new List<CheckoutItemRequest>(count);
        var firstIndexOf = new Dictionary<int, int>();
        foreach (var (item, index) in items.EnumerateArray().Select((item, index) => (item, index)))
        {
            var at = $"{field}[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(at, $"Each line must be an object with {productField} and quantity, not {Describe(item.ValueKind)}");
                continue;
            }

            var productId = ReadWholeNumber(item, productField, at, 1, int.MaxValue, errors);
            if (productId is { } id && !firstIndexOf.TryAdd(id, index))
            {
                errors.Add($"{at}.{productField}", $"Product {id} is already in {field}[{firstIndexOf[id]}]; list each product once");
                productId = null;
            }

            var quantity = ReadWholeNumber(item, "quantity", at, 1, MaxQuantity, errors);
            if (productId is not null && quantity is not null)
                lines.Add(new CheckoutItemRequest(productId.Value, quantity.Value));
        }
        return lines;
    }

    private static int? ReadWholeNumber(JsonElement line, string name, string at, int min, int max, ValidationErrors errors)
    {
        if (!TryGetProperty(line, name, out var value))
        {
            errors.Add($"{at}.{name}", $"{name} is required");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
            return number;

        var rule = max == int.MaxValue ? "a positive whole number" : $"a whole number from {min} to {max}";
        var actual = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Describe(value.ValueKind);
        errors.Add($"{at}.{name}", $"{name} must be {rule}, not {actual}");
        return null;
    }

    /// <summary>Property names match case-insensitively, as ASP.NET Core's own JSON binding does; null counts as absent.</summary>
    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return value.ValueKind != JsonValueKind.Null;
            }
        }
        value = default;
        return false;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The reader's own explanation without its trailing position, which the message already gives.</summary>
    private static string ReasonOf(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '|');
    }
}
