using System.Collections.Concurrent;
using MassTransit;
using Orders.StateMachine.Checkout;

namespace Orders.Tests.Flow;

/// <summary>
/// Tells when the saga's endpoint has finished with a message: handled, its outbox released (so
/// everything it published is in the harness's Published list), or faulted. A test that plays an
/// event the saga must ignore waits here instead of sleeping, then asserts on what is there.
/// </summary>
public sealed class SagaReceipts : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<Exception?>> _receipts = new();
    private readonly ConcurrentDictionary<Guid, Exception> _consumeFaults = new();

    /// <summary>Completes with null when the message was handled, with the exception when its receive faulted.</summary>
    public Task<Exception?> For(Guid messageId) => Receipt(messageId).Task;

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Settle(context, null);

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class
    {
        if (context.MessageId is { } messageId)
            _consumeFaults[messageId] = exception;
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Settle(context, exception);

    private Task Settle(ReceiveContext context, Exception? exception)
    {
        // A fault the endpoint handled (message moved to the error queue) still ends in PostReceive.
        if (IsSagaEndpoint(context.InputAddress) && MessageIdOf(context) is { } messageId)
            Receipt(messageId).TrySetResult(exception ?? (context.IsFaulted ? _consumeFaults.GetValueOrDefault(messageId) ?? new InvalidOperationException("The receive faulted") : null));
        return Task.CompletedTask;
    }

    private TaskCompletionSource<Exception?> Receipt(Guid messageId) =>
        _receipts.GetOrAdd(messageId, _ => new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static bool IsSagaEndpoint(Uri address) =>
        address.AbsolutePath.TrimEnd('/').EndsWith("/" + OrderStateDefinition.QueueName, StringComparison.Ordinal);

    private static Guid? MessageIdOf(ReceiveContext context) =>
        context.GetMessageId() ?? (context.TryGetPayload<ConsumeContext>(out var consumed) ? consumed.MessageId : null);
}
