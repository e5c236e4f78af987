using System.Diagnostics;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Options;
using Orders.Api.Operations;
using Orders.Contracts;
using Orders.Persistence.Saga;
using Orders.StateMachine.Checkout;
using Orders.StateMachine.Metrics;

namespace Orders.Api.Checkout;

/// <summary>
/// Hands new checkouts to the saga in groups: the submissions waiting when a worker is free (at most
/// Operations:SubmitBatchSize) go through the saga's request client one after another inside one
/// <see cref="SagaBatchScope"/>, so they cost one transaction and one commit. Each caller gets the saga's own answer
/// (accepted, or a conflict) only once the group has committed: a 202 still means the checkout is recorded.
/// </summary>
/// <remarks>
/// If any of the group fails (a conflict with a concurrent insert, the database), the group is rolled back and each
/// submission is sent again alone, the ordinary way, so one failure is that caller's answer only.
/// </remarks>
public sealed partial class CheckoutSubmitter(
    IServiceScopeFactory scopes,
    IOptions<OperationsOptions> options,
    ILogger<CheckoutSubmitter> log) : BackgroundService
{
    private readonly Channel<Submission> _waiting = Channel.CreateUnbounded<Submission>(new UnboundedChannelOptions { SingleReader = false });

    /// <summary>The saga's answer to the checkout, once what it recorded is committed.</summary>
    public async Task<Response<CheckoutAccepted, CheckoutConflict>> SubmitAsync(SubmitCheckout command, CancellationToken cancellationToken)
    {
        var submission = new Submission(command, Activity.Current);
        if (!_waiting.Writer.TryWrite(submission))
            throw new RequestTimeoutException("The service is stopping and takes no new checkouts");
        return await submission.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, settings.SubmitBatchWorkers)
                .Select(_ => Task.Run(() => WorkAsync(settings.SubmitBatchSize, stoppingToken), CancellationToken.None))).ConfigureAwait(false);
        }
        finally
        {
            _waiting.Writer.TryComplete();
            while (_waiting.Reader.TryRead(out var left))
                left.Answer.TrySetException(new RequestTimeoutException("The service stopped before the checkout was recorded"));
        }
    }

    private async Task WorkAsync(int batchSize, CancellationToken stopping)
    {
        var batch = new List<Submission>(batchSize);
        try
        {
            while (await _waiting.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < batchSize && _waiting.Reader.TryRead(out var next))
                    batch.Add(next);
                if (batch.Count > 1 && await TryTogetherAsync(batch, stopping).ConfigureAwait(false))
                {
                    OrderMetrics.RecordSagaBatch("http", batch.Count, together: true);
                    continue;
                }
                foreach (var submission in batch)
                    await AloneAsync(submission, stopping).ConfigureAwait(false);
                OrderMetrics.RecordSagaBatch("http", batch.Count, together: batch.Count == 1);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            foreach (var submission in batch)
                submission.Answer.TrySetException(new RequestTimeoutException("The service stopped before the checkout was recorded"));
        }
    }

    private async Task<bool> TryTogetherAsync(List<Submission> batch, CancellationToken stopping)
    {
        var answers = new Response<CheckoutAccepted, CheckoutConflict>[batch.Count];
        try
        {
            var ids = batch.Select(s => CheckoutId.For(s.Command.RequestId)).ToHashSet();
            var steps = await SagaBatchScope.BeginAsync(scopes, ids, stopping).ConfigureAwait(false);
            await using (steps.ConfigureAwait(false))
            {
                var client = steps.Services.GetRequiredService<IRequestClient<SubmitCheckout>>();
                for (var i = 0; i < batch.Count; i++)
                {
                    using var inTrace = batch[i].InItsTrace();
                    answers[i] = await client.GetResponse<CheckoutAccepted, CheckoutConflict>(batch[i].Command, x => x.UseExecute(steps.Join), stopping).ConfigureAwait(false);
                }
                await steps.CommitAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            LogOneByOne(log, ex, batch.Count);
            return false;
        }

        for (var i = 0; i < batch.Count; i++)
            batch[i].Answer.TrySetResult(answers[i]);
        return true;
    }

    private async Task AloneAsync(Submission submission, CancellationToken stopping)
    {
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var client = scope.ServiceProvider.GetRequiredService<IRequestClient<SubmitCheckout>>();
                using var inTrace = submission.InItsTrace();
                submission.Answer.TrySetResult(await client.GetResponse<CheckoutAccepted, CheckoutConflict>(submission.Command, stopping).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            submission.Answer.TrySetException(ex);
        }
    }

    private sealed class CurrentActivity : IDisposable
    {
        private readonly Activity? _previous = Activity.Current;

        public CurrentActivity(Activity? activity) => Activity.Current = activity;

        public void Dispose() => Activity.Current = _previous;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A group of {Count} new checkouts is rolled back and recorded one by one")]
    private static partial void LogOneByOne(ILogger log, Exception ex, int count);

    /// <param name="command">What the saga is asked.</param>
    /// <param name="request">The HTTP request's activity, so the saga step and what it publishes continue its trace.</param>
    private sealed class Submission(SubmitCheckout command, Activity? request)
    {
        public SubmitCheckout Command { get; } = command;

        /// <summary>Makes the request's activity current on the worker until disposed (the request waits for the answer meanwhile, so it is still open).</summary>
        public CurrentActivity InItsTrace() => new(request);

        public TaskCompletionSource<Response<CheckoutAccepted, CheckoutConflict>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
