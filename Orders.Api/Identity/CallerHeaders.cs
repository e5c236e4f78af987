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
    public Caller? Validate(ValidationErrors errors) => Validate(UserId, Email, EmailHeader, errors);

    /// <summary>
    /// The caller from the two header values, or null with the reasons recorded in <paramref name="errors"/>; the
    /// email's failures are recorded under <paramref name="emailHeader"/>, the name the caller's API uses for it.
    /// </summary>
    public static Caller? Validate(string? userIdValue, string? emailValue, string emailHeader, ValidationErrors errors)
    {
        var userId = ValidateUserId(userIdValue, errors);
        var valid = userId is not null;

        if (string.IsNullOrEmpty(emailValue))
            valid = Fail(errors, emailHeader, $"The {emailHeader} header is required");
        else if (!IsPlausibleEmail(emailValue))
            valid = Fail(errors, emailHeader, $"The {emailHeader} header must be an email address such as user@example.com");

        return valid ? new Caller(userId!.Value, emailValue!) : null;
    }

    /// <summary>The caller's user id from the X-UserId header, or null with the reason recorded in <paramref name="errors"/>.</summary>
    public static long? ValidateUserId(string? value, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add(UserIdHeader, $"The {UserIdHeader} header is required");
            return null;
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) || userId <= 0)
        {
            errors.Add(UserIdHeader, $"The {UserIdHeader} header must be a positive 64-bit integer");
            return null;
        }
        return userId;
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
