using System.Reflection;
using MassTransit;
using Orders.StateMachine.Reading;

namespace Orders.Tests.Support;

/// <summary>A request client whose every request times out, as when the saga's endpoint is overloaded or down.</summary>
public class ApiTimingOutRequestClient : DispatchProxy
{
    public static IRequestClient<T> Create<T>() where T : class => Create<IRequestClient<T>, ApiTimingOutRequestClient>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new RequestTimeoutException("The saga did not answer within the request timeout");
}

/// <summary>A reader that fails with a message no caller may see.</summary>
public sealed class ApiFailingReader : ICheckoutReader
{
    public const string Secret = "Host=db.internal;Password=hunter2";

    public Task<CheckoutSnapshot?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Connection failed: {Secret}");

    public Task<OrdersPage> ListOrdersAsync(long userId, int page, int pageSize, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Connection failed: {Secret}");
}
