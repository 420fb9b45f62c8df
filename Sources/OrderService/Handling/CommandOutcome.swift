import OrderDomain

/// What became of one command.
public enum CommandOutcome: Sendable, Equatable {
    /// Committed with its read model.
    case accepted(version: Int, events: [RecordedEvent])
    /// The command id was applied before; `version` is what it produced then.
    case duplicate(version: Int)
    /// A business rule said no.
    case rejected(OrderRejection)
    /// The command id was already applied to a different command.
    case commandIDReused
    /// The stream was not at the expected version (or writers kept winning after the bounded retries).
    case conflict(expected: Int, actual: Int, retriesExhausted: Bool)
}
