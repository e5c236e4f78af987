using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Orders.Persistence.Saga;

/// <summary>
/// A DI scope with an open <see cref="SagaStepBatch"/>: messages sent through the mediator with <see cref="Join"/>
/// on their send context run their saga steps in this scope (MassTransit's own rule for a message that carries a
/// scope), on the batch's DbContext, and are committed together by <see cref="CommitAsync"/>. Disposed without a
/// commit, everything the steps did is rolled back.
/// </summary>
public sealed class SagaBatchScope : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly SagaStepBatch _batch;

    private SagaBatchScope(AsyncServiceScope scope)
    {
        _scope = scope;
        _batch = scope.ServiceProvider.GetRequiredService<SagaStepBatch>();
    }

    public IServiceProvider Services => _scope.ServiceProvider;

    /// <summary>Opens the batch for steps of the given checkouts, which it loads in one query.</summary>
    public static async Task<SagaBatchScope> BeginAsync(IServiceScopeFactory scopes, IReadOnlyCollection<Guid> correlationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var batch = new SagaBatchScope(scopes.CreateAsyncScope());
        try
        {
            await batch._batch.BeginAsync(correlationIds, cancellationToken).ConfigureAwait(false);
            return batch;
        }
        catch
        {
            await batch.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Makes a message's saga step run in this batch: put it on the message's send context.</summary>
    public void Join(SendContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetOrAddPayload<IServiceScope>(() => _scope);
        context.GetOrAddPayload(() => _scope.ServiceProvider);
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _batch.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _batch.DisposeAsync().ConfigureAwait(false);
        await _scope.DisposeAsync().ConfigureAwait(false);
    }
}
