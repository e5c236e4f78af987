using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Orders.StateMachine.Checkout;
using Orders.Tests.Operations;

namespace Orders.Tests.Kafka;

/// <summary>
/// Cuts the database connection through a <see cref="TcpGate"/> at the moment a saga batch (a transaction holding
/// several checkouts) commits, once armed: before the COMMIT leaves, or once PostgreSQL has committed it while its
/// answer is lost. The gate opens again two seconds after the cut. It watches the batch's transaction from a connection
/// of its own, past the gate, so a test can check which of the two cuts happened.
/// </summary>
public sealed class BatchCommitCut(TcpGate gate, string directConnectionString, bool afterTheCommitReachesTheServer) : DbTransactionInterceptor
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly TaskCompletionSource<string?> _batchTransaction = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    public bool Fired => _batchTransaction.Task.IsCompleted;

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && db.ChangeTracker.Entries<OrderState>().Skip(1).Any() && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            var transactionId = await TransactionIdOfAsync(((NpgsqlConnection)transaction.Connection!).ProcessID);
            _batchTransaction.SetResult(transactionId);
            if (afterTheCommitReachesTheServer)
            {
                gate.LoseAnswers();
                _ = ShutOnceCommittedAsync(transactionId);
            }
            else
            {
                gate.Shut();
                _ = ReopenAfterTheOutageAsync();
            }
        }
        return result;
    }

    /// <summary>
    /// What PostgreSQL says became of the cut batch's transaction (<c>committed</c> or <c>aborted</c>) once it is no
    /// longer in progress; null when no batch was cut or its transaction had no id.
    /// </summary>
    public async Task<string?> BatchOutcomeAsync(TimeSpan timeout)
    {
        var transactionId = await _batchTransaction.Task.WaitAsync(timeout);
        if (transactionId is null)
            return null;
        var clock = Stopwatch.StartNew();
        string? status;
        while ((status = await StatusOfAsync(transactionId)) == "in progress" && clock.Elapsed < timeout)
            await Task.Delay(PollInterval);
        return status;
    }

    /// <summary>The COMMIT goes through; the connection dies once PostgreSQL has committed, before its answer arrives.</summary>
    private async Task ShutOnceCommittedAsync(string? transactionId)
    {
        var clock = Stopwatch.StartNew();
        while (transactionId is not null && await StatusOfAsync(transactionId) != "committed" && clock.Elapsed < CommitTimeout)
            await Task.Delay(PollInterval);
        gate.Shut();
        await ReopenAfterTheOutageAsync();
    }

    private async Task ReopenAfterTheOutageAsync()
    {
        await Task.Delay(Outage);
        gate.Open();
    }

    /// <summary>The id of the transaction the backend <paramref name="processId"/> has open (it wrote, so it has one).</summary>
    private async Task<string?> TransactionIdOfAsync(int processId)
    {
        await using var connection = new NpgsqlConnection(directConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT backend_xid::text FROM pg_stat_activity WHERE pid = @pid", connection);
        query.Parameters.AddWithValue("pid", processId);
        return await query.ExecuteScalarAsync() as string;
    }

    // pg_stat_activity shows the 32-bit id; the test cluster is young (its ids never wrapped), so it is the full id.
    private async Task<string?> StatusOfAsync(string transactionId)
    {
        await using var connection = new NpgsqlConnection(directConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT pg_xact_status(@xid::xid8)", connection);
        query.Parameters.AddWithValue("xid", transactionId);
        return await query.ExecuteScalarAsync() as string;
    }
}
