using System.Globalization;
using Orders.Api.Validation;

namespace Orders.Api.Admin;

/// <summary>Reads admin query parameters bound as text, recording a malformed one under its own name.</summary>
public static class AdminQueryValues
{
    public static int WholeNumber(string? text, string name, int min, int max, int fallback, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add(name, max == int.MaxValue ? $"{name} must be a whole number of at least {min}" : $"{name} must be a whole number from {min} to {max}");
        return fallback;
    }

    public static long? PositiveLong(string? text, string name, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            return value;
        errors.Add(name, $"{name} must be a positive whole number");
        return null;
    }

    /// <summary>An ISO 8601 date and time; without an offset it is taken as UTC. (A '+' in a URL must be sent as %2B.)</summary>
    public static DateTimeOffset? Time(string? text, string name, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            return value;
        errors.Add(name, $"{name} must be an ISO 8601 date and time such as 2026-11-22T10:00:00Z");
        return null;
    }

    /// <summary>Records an error when both bounds are given and the range is empty.</summary>
    public static void Range(DateTimeOffset? from, DateTimeOffset? to, string fromName, string toName, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (from > to)
            errors.Add(fromName, $"{fromName} must not be later than {toName}");
    }

    public static bool? Bool(string? text, string name, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return null;
        if (bool.TryParse(text, out var value))
            return value;
        errors.Add(name, $"{name} must be true or false");
        return null;
    }

    /// <summary>One of the allowed values (matched ignoring case, returned as listed), or null.</summary>
    public static string? OneOf(string? text, string name, IReadOnlyList<string> allowed, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return null;
        if (allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase)) is { } match)
            return match;
        errors.Add(name, $"{name} must be one of {string.Join(", ", allowed)}");
        return null;
    }

    public static string? RequestId(string? text, string name, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return null;
        if (RequestIds.IsValid(text))
            return text;
        errors.Add(name, RequestIds.Rule);
        return null;
    }
}
