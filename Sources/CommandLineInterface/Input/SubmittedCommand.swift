import OrderService

/// A decoded `submit` line: a command for an order's stream or for a customer's.
///
/// The two kinds travel apart after decoding because they are handled apart: each has its own handler
/// and its own transaction, a batch's customer commands written beside its order commands (see
/// `SubmitRunner`).
public enum SubmittedCommand: Sendable, Equatable {
    case order(CommandEnvelope)
    case customer(CustomerCommandEnvelope)

    /// The command's idempotency key, whichever stream it is for.
    public var commandID: CommandID {
        switch self {
        case let .order(envelope): envelope.commandID
        case let .customer(envelope): envelope.commandID
        }
    }
}
