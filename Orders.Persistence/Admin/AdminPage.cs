namespace Orders.Persistence.Admin;

/// <summary>One page of an admin listing; page is 1-based and total counts every row that matches.</summary>
public sealed record AdminPage<T>(int Page, int PageSize, int Total, IReadOnlyList<T> Items);
