using MassTransit;

namespace Orders.StateMachine.Checkout;

/// <summary>
/// One checkout, keyed by the client's requestId. Holds ids, amounts, timestamps and the pending
/// deadline; never card data or secrets.
/// </summary>
public class OrderState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    /// <summary>The state's name (never an ordinal), so stored rows stay readable when states are added.</summary>
    public string CurrentState { get; set; } = "";

    public string RequestId { get; set; } = "";
    public long UserId { get; set; }
    public string Email { get; set; } = "";

    /// <summary>Fingerprint of the submitted body: a repeated requestId with another body is a conflict.</summary>
    public string Fingerprint { get; set; } = "";

    public List<OrderLine> Lines { get; set; } = [];
    public long? OrderId { get; set; }
    public decimal? TotalAmount { get; set; }
    public string? Currency { get; set; }

    /// <summary>Machine-readable cause of the latest unhappy turn, such as OUT_OF_STOCK or PAYMENT_DECLINED.</summary>
    public string? ReasonCode { get; set; }
    public string? Reason { get; set; }

    public string? PaymentTransactionId { get; set; }
    public string? RefundId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>When the pending Product or Payment answer is due; null when nothing is awaited.</summary>
    public DateTimeOffset? DeadlineAt { get; set; }

    /// <summary>Names the pending deadline, so an expiry notice for an older one is recognised as stale.</summary>
    public Guid? DeadlineToken { get; set; }

    /// <summary>
    /// What the current step did without moving the state (a late charge, its refund), for that step's timeline
    /// entry; the repository clears it once written. Not part of the stored checkout.
    /// </summary>
    public string? TimelineNote { get; set; }
}
