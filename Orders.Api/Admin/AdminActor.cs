using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;

namespace Orders.Api.Admin;

/// <summary>Who an admin action is recorded for in the audit log: the X-Admin-Name header, or "admin".</summary>
public readonly record struct AdminActor(
    [property: Description("Who is acting, for the audit log: 1 to 100 printable ASCII characters. Optional (absent or empty: \"admin\").")]
    [FromHeader(Name = AdminActor.Header)] string? Name)
{
    public const string Header = "X-Admin-Name";
    public const string Default = "admin";
    public const int MaxLength = 100;

    /// <summary>The actor's name, or null with the reason recorded in <paramref name="errors"/>.</summary>
    public string? Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Name is null)
            return Default;

        var name = Name.Trim();
        if (name.Length is 0 or > MaxLength || !name.All(c => c is >= ' ' and <= '~'))
        {
            errors.Add(Header, $"The {Header} header must be 1 to {MaxLength} printable ASCII characters");
            return null;
        }
        return name;
    }
}
