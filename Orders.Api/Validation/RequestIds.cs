namespace Orders.Api.Validation;

/// <summary>The form of a client's requestId, the same in bodies and in routes.</summary>
public static class RequestIds
{
    public const int MaxLength = 64;
    public const string Field = "requestId";
    public const string Rule = "requestId must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Checks a requestId taken from a route; records the failure under "requestId".</summary>
    public static bool Check(string requestId, ValidationErrors errors)
    {
        if (IsValid(requestId))
            return true;
        errors.Add(Field, Rule);
        return false;
    }
}
