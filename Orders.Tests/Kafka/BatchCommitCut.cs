using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Orders.StateMachine.Checkout;
using Orders.Tests.Operations;

namespace Orders.Tests.Kafka;

/// <summary>
/// Cuts the database connection through a <see cref="TcpGate"/> at the moment a saga batch (a transaction holding
/// several checkouts) commits, once armed: before the commit reaches PostgreSQL, or after it reached it but while its
/// answer is lost. The gate opens again two seconds later.
/// </summary>
public sealed class BatchCommitCut(TcpGate gate, bool afterTheCommitReachesTheServer) : DbTransactionInterceptor
{
    private static readonly TimeSpan CommitOnItsWay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);

    private int _armed;
    private volatile bool _fired;

    public bool Fired => _fired;

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.ChangeTracker.Entries<OrderState>().Skip(1).Any() && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _fired = true;
            if (afterTheCommitReachesTheServer)
                gate.LoseAnswers();
            else
                gate.Shut();
            _ = CutAndReopenAsync();
        }
        return ValueTask.FromResult(result);
    }

    private async Task CutAndReopenAsync()
    {
        if (afterTheCommitReachesTheServer)
        {
            // The COMMIT goes through; the connection dies before PostgreSQL's answer arrives.
            await Task.Delay(CommitOnItsWay);
            gate.Shut();
        }
        await Task.Delay(Outage);
        gate.Open();
    }
}
