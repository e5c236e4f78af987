using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Orders.Api.Validation;

namespace Orders.Api.OrderHistory;

/// <summary>Paging of GET /orders, bound as text so a malformed value is reported under its own name.</summary>
public readonly record struct OrdersQuery(
    [property: Description("1-based page number; default 1.")]
    [FromQuery(Name = "page")] string? Page,
    [property: Description("Orders per page, from 1 to 100; default 20.")]
    [FromQuery(Name = "pageSize")] string? PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public (int Page, int PageSize) Validate(ValidationErrors errors)
    {
        var page = Read(Page, "page", 1, int.MaxValue, 1, errors);
        var pageSize = Read(PageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, errors);
        return (page, pageSize);
    }

    private static int Read(string? text, string name, int min, int max, int fallback, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        errors.Add(name, max == int.MaxValue
            ? $"{name} must be a whole number of at least {min}"
            : $"{name} must be a whole number from {min} to {max}");
        return fallback;
    }
}
