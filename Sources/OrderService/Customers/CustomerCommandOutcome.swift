import OrderDomain

/// What became of one customer command. The customer twin of ``CommandOutcome``.
public enum CustomerCommandOutcome: Sendable, Equatable {
    /// Committed with its read model (and, for a registration, the customer's new key).
    case accepted(version: Int, events: [EventReceipt])
    /// The command id was applied before; `version` is what it produced then.
    case duplicate(version: Int)
    /// A business rule said no.
    case rejected(CustomerRejection)
    /// The command id was already applied to a different command.
    case commandIDReused
    /// The stream was not at the expected version (or writers kept winning after the bounded retries).
    case conflict(expected: Int, actual: Int, retriesExhausted: Bool)
}
