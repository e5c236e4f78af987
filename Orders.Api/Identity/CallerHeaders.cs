using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;

namespace Orders.Api.Identity;

/// <summary>
/// The identity the API gateway injects. Bound as text so a missing or malformed header is reported
/// in the validation problem, under the header's name, like every other input error.
/// </summary>
public readonly record struct CallerHeaders(
    [property: Description("The caller's user id, a positive 64-bit integer. Required; set by the API gateway.")]
    [FromHeader(Name = CallerHeaders.UserIdHeader)] string? UserId,
    [property: Description("The caller's email address. Required; set by the API gateway.")]
    [FromHeader(Name = CallerHeaders.EmailHeader)] string? Email)
{
    public const string UserIdHeader = "X-UserId";
    public const string EmailHeader = "X-Email";
    private const int MaxEmailLength = 254;

    /// <summary>The caller, or null with the reasons recorded in <paramref name="errors"/>.</summary>
    public Caller? Validate(ValidationErrors errors)
    {
        var valid = true;
        long userId = 0;
        if (string.IsNullOrEmpty(UserId))
            valid = Fail(errors, UserIdHeader, $"The {UserIdHeader} header is required");
        else if (!long.TryParse(UserId, NumberStyles.None, CultureInfo.InvariantCulture, out userId) || userId <= 0)
            valid = Fail(errors, UserIdHeader, $"The {UserIdHeader} header must be a positive 64-bit integer");

        if (string.IsNullOrEmpty(Email))
            valid = Fail(errors, EmailHeader, $"The {EmailHeader} header is required");
        else if (!IsPlausibleEmail(Email))
            valid = Fail(errors, EmailHeader, $"The {EmailHeader} header must be an email address such as user@example.com");

        return valid ? new Caller(userId, Email!) : null;
    }

    private static bool Fail(ValidationErrors errors, string header, string message)
    {
        errors.Add(header, message);
        return false;
    }

    /// <summary>One '@' with a non-empty local part and a dotted domain; no spaces or control characters.</summary>
    private static bool IsPlausibleEmail(string email)
    {
        if (email.Length > MaxEmailLength || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return false;
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@'))
            return false;
        var domain = email[(at + 1)..];
        return domain.Split('.') is { Length: >= 2 } labels && labels.All(l => l.Length > 0);
    }
}
