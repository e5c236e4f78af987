using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Orders.Persistence;

/// <summary>
/// Order ids drawn from the <c>order_numbers</c> sequence <see cref="Size"/> at a time and handed out one by one,
/// so pricing a checkout costs no round trip of its own. Like a sequence's own cache: every id is handed out once,
/// ids of one process rise, and ids drawn but not handed out when the process stops are skipped (a gap, never a repeat).
/// </summary>
public sealed class OrderNumberBlock : IDisposable
{
    /// <summary>Ids drawn per round trip.</summary>
    public const int Size = 20;

    private readonly ConcurrentQueue<long> _drawn = new();
    private readonly SemaphoreSlim _drawing = new(1, 1);

    public void Dispose() => _drawing.Dispose();

    /// <summary>The next id; draws a new block on <paramref name="db"/>'s connection when the last one is used up.</summary>
    public async Task<long> NextAsync(OrdersDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        while (true)
        {
            if (_drawn.TryDequeue(out var id))
                return id;

            await _drawing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Another step may have drawn a block while this one waited.
                if (!_drawn.IsEmpty)
                    continue;
                var block = await db.Database
                    .SqlQueryRaw<long>($"SELECT nextval('{OrdersDbContext.OrderNumberSequence}') AS \"Value\" FROM generate_series(1, {Size})")
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                foreach (var drawn in block)
                    _drawn.Enqueue(drawn);
            }
            finally
            {
                _drawing.Release();
            }
        }
    }
}
