using System.Text.Json;

namespace Orders.Tests.Support;

/// <summary>Reading the API's JSON answers as they are on the wire, field names included.</summary>
public static class ApiJson
{
    /// <summary>Expected names (fields, error keys, timeline entries), written inline.</summary>
    public static IReadOnlyList<string> Names(params string[] names) => names;

    public static IReadOnlyList<string> PropertyNames(this JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).ToList();

    public static string? Text(this JsonElement element, string property) => element.GetProperty(property).GetString();

    public static decimal Amount(this JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    public static long Number(this JsonElement element, string property) => element.GetProperty(property).GetInt64();

    public static bool IsNull(this JsonElement element, string property) => element.GetProperty(property).ValueKind == JsonValueKind.Null;

    public static IReadOnlyList<JsonElement> Items(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().ToList();

    /// <summary>A checkout's timeline, oldest first, each entry as "State" or "State REASON_CODE".</summary>
    public static IReadOnlyList<string> Timeline(this JsonElement checkout) =>
        checkout.Items("timeline").Select(e => e.IsNull("reasonCode") ? e.Text("state")! : $"{e.Text("state")} {e.Text("reasonCode")}").ToList();
}
