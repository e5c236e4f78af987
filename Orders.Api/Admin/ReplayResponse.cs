using Orders.Persistence.Admin;

namespace Orders.Api.Admin;

/// <summary>A replayed dead letter, now marked replayed, and where its record was written again.</summary>
public sealed record ReplayResponse(DeadLetterView DeadLetter, ReplayReceipt ReplayedTo);
