using System.Runtime.CompilerServices;
using Orders.Persistence.Reading;

namespace Orders.Api.Gateway;

/// <summary>A user's orders in the replaced service's shape, newest first, streamed row by row as the answer is written.</summary>
public static class GatewayOrderQuery
{
    public static async IAsyncEnumerable<LegacyOrderResponse> ListAsync(
        UserOrders orders, long userId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in orders.ListAsync(userId, cancellationToken).ConfigureAwait(false))
            yield return new LegacyOrderResponse(LegacyFormat.OrderId(row.OrderId), LegacyFormat.MinorUnits(row.TotalAmount), LegacyFormat.Status(row.Status));
    }
}
